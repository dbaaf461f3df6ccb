// Shared by the host tests: RaftHosts on real LevelDB stores in temporary
// directories, a recording state machine, a polling wait, and the clean-up
// each file registers with afterEach(cleanupHosts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor as pollUntil } from '../../../../test/support/harness.js';
import type { Entry } from '../../src/core/types.js';
import type { RaftGroup, StateMachine } from '../../src/host/raft-group.js';
import type { RaftHost } from '../../src/host/raft-host.js';
import type { LevelRaftStore } from '../../src/storage/level-raft-store.js';

/** Keeps every non-empty entry applied, as text. */
export class Recorder implements StateMachine {
  readonly applied: string[] = [];
  apply(entries: readonly Entry[]): void {
    for (const e of entries) if (e.data.byteLength > 0) this.applied.push(Buffer.from(e.data).toString());
  }
}

/** What clean-up needs of a running node. */
export interface HostNode {
  store: LevelRaftStore;
  host: RaftHost;
}

const dirs: string[] = [];
const running: HostNode[] = [];

/** A fresh directory, removed by cleanupHosts. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** Registers a started node, so cleanupHosts stops it. */
export function track<N extends HostNode>(node: N): N {
  running.push(node);
  return node;
}

/** Stops a node (its host, then its store), as a crash-free shutdown would. */
export async function stopNode(node: HostNode): Promise<void> {
  running.splice(running.indexOf(node), 1);
  await node.host.stop();
  await node.store.close();
}

/** Stops every tracked node and removes every temporary directory. */
export async function cleanupHosts(): Promise<void> {
  for (const n of running.splice(0)) {
    await n.host.stop();
    await n.store.close();
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** The leader of `group` among the nodes, if one of them leads it now. */
export function leaderOf(nodes: readonly HostNode[], group: string): RaftGroup | undefined {
  return nodes.map((n) => n.host.group(group)).find((g) => g?.isLeader);
}

/** The shared polling wait with a default timeout of `defaultTimeoutMs`, 10 ms between tries; the first error fails it. */
export function waiter(defaultTimeoutMs: number) {
  return function waitFor<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = defaultTimeoutMs): Promise<T> {
    return pollUntil(what, fn, timeoutMs, { pollMs: 10, rethrow: true });
  };
}
