// ReportLeaders: a storage node reports partitions whose Raft group it now
// leads. Reports race (an old leader's report can arrive after the new one's),
// so only a leader epoch at or above the recorded one counts; stale or
// pointless entries are skipped, not errors, because the node cannot do
// better than report what it saw. A node speaks only for itself: an entry
// naming another leader (or none) is skipped, and so is an epoch that jumps
// further than elections could take a group between two reports — recorded,
// it would hold the partition's routing against every real later term.
import { FencedError, type wire } from '@eddy/protocol';
import { NO_LEADER, topicById, type MetadataImage, type MetadataRecord } from '../metadata/image.js';
import { records } from '../metadata/records.js';
import { runCommand, type CommandResult } from './command-result.js';
import { requireCurrentNode } from './node-checks.js';

/** The largest leader-epoch rise one report may record (a Raft term: one per election). */
export const MAX_LEADER_EPOCH_JUMP = 1 << 20;

export interface ReportLeadersInput {
  nodeId: number;
  epoch: number;
  leaders: readonly Pick<wire.PartitionLeader__Output, 'topicId' | 'partition' | 'leaderId' | 'leaderEpoch'>[];
}

export interface ReportLeadersOutcome {
  accepted: number;
  /** Why each skipped entry was skipped (for the log). */
  skipped: string[];
}

export function reportLeaders(image: MetadataImage, input: ReportLeadersInput): CommandResult<ReportLeadersOutcome> {
  return runCommand(() => {
    const node = requireCurrentNode(image, input.nodeId, input.epoch);
    if (node.fenced) throw new FencedError(`node ${node.id} is fenced; heartbeat to rejoin before reporting leaders`);
    const out: MetadataRecord[] = [];
    const skipped: string[] = [];
    // Later entries for the same partition in one report win, as they would applied in order.
    const latest = new Map<string, { leaderId: number; leaderEpoch: number }>();
    for (const l of input.leaders) {
      const topic = topicById(image, l.topicId);
      const p = topic?.partitions[l.partition];
      const name = `${topic?.name ?? l.topicId}-${l.partition}`;
      if (!topic || !p) {
        skipped.push(`${name}: unknown partition`);
        continue;
      }
      const key = `${l.topicId}/${l.partition}`;
      const current = latest.get(key) ?? p;
      if (l.leaderId !== input.nodeId) skipped.push(`${name}: node ${input.nodeId} reported leader ${l.leaderId}; a node reports only its own leaderships`);
      else if (!Number.isInteger(l.leaderEpoch) || l.leaderEpoch - current.leaderEpoch > MAX_LEADER_EPOCH_JUMP) {
        skipped.push(`${name}: epoch ${l.leaderEpoch} is more than ${MAX_LEADER_EPOCH_JUMP} past ${current.leaderEpoch}`);
      } else if (l.leaderEpoch < current.leaderEpoch) skipped.push(`${name}: epoch ${l.leaderEpoch} < ${current.leaderEpoch}`);
      else if (l.leaderId !== NO_LEADER && !p.replicas.includes(l.leaderId)) skipped.push(`${name}: ${l.leaderId} is not a replica`);
      else if (l.leaderEpoch === current.leaderEpoch && l.leaderId === current.leaderId) skipped.push(`${name}: unchanged`);
      else if (l.leaderEpoch === current.leaderEpoch && current.leaderId !== NO_LEADER) skipped.push(`${name}: epoch ${l.leaderEpoch} already led by ${current.leaderId}`);
      else {
        latest.set(key, { leaderId: l.leaderId, leaderEpoch: l.leaderEpoch });
        out.push(records.partitionLeader(l.topicId, l.partition, l.leaderId, l.leaderEpoch));
      }
    }
    return { records: out, value: { accepted: out.length, skipped } };
  });
}
