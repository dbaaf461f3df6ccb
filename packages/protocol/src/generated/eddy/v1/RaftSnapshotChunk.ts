// Original file: proto/eddy/v1/raft.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A piece of a snapshot sent to a follower behind the leader's log start.
 */
export interface RaftSnapshotChunk {
  'index'?: (number | string | Long);
  'term'?: (number | string | Long);
  'voters'?: (number)[];
  'learners'?: (number)[];
  /**
   * Byte offset of `data` within the whole snapshot.
   */
  'offset'?: (number | string | Long);
  'data'?: (Buffer | Uint8Array | string);
  'done'?: (boolean);
  /**
   * A joint configuration (C_old,new): the outgoing half's voters, the
   * outgoing voters to become learners once it is left, and whether the
   * leader leaves it by itself. Empty and false (as from senders that predate
   * these fields): not joint.
   */
  'votersOutgoing'?: (number)[];
  'learnersNext'?: (number)[];
  'autoLeave'?: (boolean);
}

/**
 * A piece of a snapshot sent to a follower behind the leader's log start.
 */
export interface RaftSnapshotChunk__Output {
  'index': (string);
  'term': (string);
  'voters': (number)[];
  'learners': (number)[];
  /**
   * Byte offset of `data` within the whole snapshot.
   */
  'offset': (string);
  'data': (Buffer);
  'done': (boolean);
  /**
   * A joint configuration (C_old,new): the outgoing half's voters, the
   * outgoing voters to become learners once it is left, and whether the
   * leader leaves it by itself. Empty and false (as from senders that predate
   * these fields): not joint.
   */
  'votersOutgoing': (number)[];
  'learnersNext': (number)[];
  'autoLeave': (boolean);
}
