// Original file: proto/eddy/v1/group.proto

import type { TopicPartitions as _eddy_v1_TopicPartitions, TopicPartitions__Output as _eddy_v1_TopicPartitions__Output } from '../../eddy/v1/TopicPartitions.js';

export interface HeartbeatRequest {
  'groupId'?: (string);
  /**
   * Empty on the first heartbeat: the coordinator assigns one. It is the
   * member's secret: what DescribeGroup and the offsets topic show is a public
   * id derived from it, which cannot act for the member.
   */
  'memberId'?: (string);
  /**
   * 0 to join, the epoch last received to stay, -1 to leave.
   */
  'memberEpoch'?: (number);
  'clientId'?: (string);
  /**
   * Topics the member subscribes to (sent when it changes, or on join).
   */
  'subscribedTopics'?: (string)[];
  /**
   * Partitions the member owns now (it has stopped reading any it was told to release).
   */
  'ownedPartitions'?: (_eddy_v1_TopicPartitions)[];
  /**
   * Session timeout asked for; 0: the server's default.
   */
  'sessionTimeoutMs'?: (number);
}

export interface HeartbeatRequest__Output {
  'groupId': (string);
  /**
   * Empty on the first heartbeat: the coordinator assigns one. It is the
   * member's secret: what DescribeGroup and the offsets topic show is a public
   * id derived from it, which cannot act for the member.
   */
  'memberId': (string);
  /**
   * 0 to join, the epoch last received to stay, -1 to leave.
   */
  'memberEpoch': (number);
  'clientId': (string);
  /**
   * Topics the member subscribes to (sent when it changes, or on join).
   */
  'subscribedTopics': (string)[];
  /**
   * Partitions the member owns now (it has stopped reading any it was told to release).
   */
  'ownedPartitions': (_eddy_v1_TopicPartitions__Output)[];
  /**
   * Session timeout asked for; 0: the server's default.
   */
  'sessionTimeoutMs': (number);
}
