// ReportLeaders: a storage node reports partitions whose Raft group it leads,
// with the group's configuration as it applied it (docs/architecture.md §7.10).
// Reports race (an old leader's report can arrive after the new one's), so
// only a leader epoch at or above the recorded one counts; stale or pointless
// entries are skipped, not errors, because the node cannot do better than
// report what it saw. A node speaks only for itself: an entry naming another
// leader (or none) is skipped, and so is an epoch that jumps further than
// elections could take a group between two reports — recorded, it would hold
// the partition's routing against every real later term.
//
// An entry from the partition's current leader also:
// - completes a move: when its voters are exactly the target replicas and it
//   has no learners, the group has reached the target, so the command records
//   replicas = target and clears the target;
// - carries the volatile facts (caught-up replicas, bytes behind, size) the
//   controller keeps in memory, returned here for the caller to store.
import { FencedError, type wire } from '@eddy/protocol';
import { hostsReplica } from '../metadata/apply-record.js';
import { NO_LEADER, topicById, type MetadataImage, type MetadataRecord } from '../metadata/image.js';
import { records } from '../metadata/records.js';
import type { PartitionLogReport, PartitionReport } from '../service/partition-reports.js';
import { runCommand, type CommandResult } from './command-result.js';
import { requireCurrentNode } from './node-checks.js';

/** The largest leader-epoch rise one report may record (a Raft term: one per election). */
export const MAX_LEADER_EPOCH_JUMP = 1 << 20;
/** Longest voter, learner or caught-up list an entry may carry (more than any replica set holds). */
export const MAX_REPORTED_MEMBERS = 64;

type LeaderEntry = Pick<wire.PartitionLeader__Output, 'topicId' | 'partition' | 'leaderId' | 'leaderEpoch'> &
  Partial<Pick<wire.PartitionLeader__Output, 'voters' | 'learners' | 'caughtUp' | 'bytesBehind' | 'sizeBytes' | 'log'>>;

export interface ReportLeadersInput {
  nodeId: number;
  epoch: number;
  leaders: readonly LeaderEntry[];
}

export interface AcceptedReport {
  topicId: string;
  partition: number;
  report: PartitionReport;
}

export interface ReportLeadersOutcome {
  /** Leader records written. */
  accepted: number;
  /** Why each skipped entry was skipped (for the log). */
  skipped: string[];
  /** Entries from the partition's current leader, to keep in memory. */
  reports: AcceptedReport[];
  /** Partitions ("topic-partition") whose move this report completed. */
  completed: string[];
}

export function reportLeaders(image: MetadataImage, input: ReportLeadersInput): CommandResult<ReportLeadersOutcome> {
  return runCommand(() => {
    const node = requireCurrentNode(image, input.nodeId, input.epoch);
    if (node.fenced) throw new FencedError(`node ${node.id} is fenced; heartbeat to rejoin before reporting leaders`);
    const out: MetadataRecord[] = [];
    const skipped: string[] = [];
    const reports = new Map<string, AcceptedReport>();
    const completed = new Map<string, string>();
    let accepted = 0;
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
      if (l.leaderId !== input.nodeId) {
        skipped.push(`${name}: node ${input.nodeId} reported leader ${l.leaderId}; a node reports only its own leaderships`);
        continue;
      }
      if (!Number.isInteger(l.leaderEpoch) || l.leaderEpoch - current.leaderEpoch > MAX_LEADER_EPOCH_JUMP) {
        skipped.push(`${name}: epoch ${l.leaderEpoch} is more than ${MAX_LEADER_EPOCH_JUMP} past ${current.leaderEpoch}`);
        continue;
      }
      if (l.leaderEpoch < current.leaderEpoch) {
        skipped.push(`${name}: epoch ${l.leaderEpoch} < ${current.leaderEpoch}`);
        continue;
      }
      // A move's new replicas may lead too: the group can elect any voter.
      if (!hostsReplica(p, l.leaderId)) {
        skipped.push(`${name}: ${l.leaderId} is not a replica`);
        continue;
      }
      if (l.leaderEpoch === current.leaderEpoch && current.leaderId !== NO_LEADER && current.leaderId !== l.leaderId) {
        skipped.push(`${name}: epoch ${l.leaderEpoch} already led by ${current.leaderId}`);
        continue;
      }
      if (l.leaderEpoch !== current.leaderEpoch || l.leaderId !== current.leaderId) {
        latest.set(key, { leaderId: l.leaderId, leaderEpoch: l.leaderEpoch });
        out.push(records.partitionLeader(l.topicId, l.partition, l.leaderId, l.leaderEpoch));
        accepted++;
      }
      // From here on the entry is the current leader's own view of its group.
      const report = parseReport(l, [...p.replicas, ...p.targetReplicas]);
      if (typeof report === 'string') {
        skipped.push(`${name}: ${report}`);
        continue;
      }
      reports.set(key, { topicId: l.topicId, partition: l.partition, report });
      if (p.targetReplicas.length > 0 && !completed.has(key) && reachedTarget(report, p.targetReplicas)) {
        completed.set(key, name);
        out.push(records.partition(l.topicId, l.partition, p.targetReplicas, [], p.orderPinned));
      }
    }
    return { records: out, value: { accepted, skipped, reports: [...reports.values()], completed: [...completed.values()] } };
  });
}

/**
 * True when the group's configuration is exactly the target: its voters are
 * the target's nodes (in any order), no learner is left over, and the
 * reporting leader is one of them. Reports from nodes that predate
 * reassignment carry no voters and never complete anything.
 */
export function reachedTarget(report: Pick<PartitionReport, 'voters' | 'learners' | 'leaderId'>, target: readonly number[]): boolean {
  if (report.learners.length > 0 || report.voters.length !== target.length) return false;
  const voters = new Set(report.voters);
  return voters.size === target.length && target.every((r) => voters.has(r)) && voters.has(report.leaderId);
}

/** Validates the hostile parts of an entry; a string says what was wrong. */
function parseReport(l: LeaderEntry, members: readonly number[]): PartitionReport | string {
  const voters = l.voters ?? [];
  const learners = l.learners ?? [];
  const caughtUp = l.caughtUp ?? [];
  for (const [what, list] of [['voters', voters], ['learners', learners], ['caught_up', caughtUp]] as const) {
    if (list.length > MAX_REPORTED_MEMBERS) return `${what} lists ${list.length} nodes; at most ${MAX_REPORTED_MEMBERS}`;
    if (!list.every((id) => Number.isInteger(id) && id >= 0)) return `${what} has an invalid node id`;
  }
  const size = parseBytes(l.sizeBytes ?? '0');
  if (size === undefined) return `size_bytes "${String(l.sizeBytes).slice(0, 32)}" is not a byte count`;
  const bytesBehind = new Map<number, number>();
  // Only replicas the image knows are kept, which also bounds the map.
  for (const id of members) {
    const raw = l.bytesBehind?.[id];
    if (raw === undefined) continue;
    const n = parseBytes(raw);
    if (n !== undefined) bytesBehind.set(id, n);
  }
  const log = l.log ? parseLog(l.log) : undefined;
  if (typeof log === 'string') return log;
  return { leaderId: l.leaderId, leaderEpoch: l.leaderEpoch, voters: [...voters], learners: [...learners], caughtUp: [...caughtUp], bytesBehind, sizeBytes: size, ...(log ? { log } : {}) };
}

/** The log's offsets and sizes in both tiers: every field a count. */
function parseLog(raw: wire.PartitionLogInfo__Output): PartitionLogReport | string {
  const out: Record<string, number> = {};
  for (const k of ['logStartOffset', 'localLogStartOffset', 'highWatermark', 'localSizeBytes', 'remoteSizeBytes', 'remoteSegments', 'remoteEndOffset'] as const) {
    const n = parseBytes(raw[k] ?? '0');
    if (n === undefined) return `log.${k} "${String(raw[k]).slice(0, 32)}" is not a count`;
    out[k] = n;
  }
  return out as unknown as PartitionLogReport;
}

function parseBytes(raw: string | number): number | undefined {
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}
