// Config.lazyCommit: a leader tells followers a new commit index with its next
// append or heartbeat instead of an empty append each at once. Commitment is
// the leader's and unchanged; followers still apply everything, a heartbeat
// later at most. Membership changes and a term's first entry are told at once.
import { describe, expect, it } from 'vitest';
import { Cluster } from '../helpers.js';
import { ConfChangeType, MessageType, type Message } from '../../src/core/types.js';

/** Appends the leader sent that carry no entries (commit-only, or probes). */
const emptyAppends = (ms: readonly Message[]) => ms.filter((m) => m.type === MessageType.App && m.entries.length === 0);

function started(lazyCommit: boolean): Cluster {
  const c = new Cluster([1, 2, 3], { lazyCommit });
  c.campaign(1);
  c.delivered.length = 0;
  return c;
}

describe('lazy commit', () => {
  it('sends one append per follower per proposal instead of two, and followers learn the commit from the next heartbeat', () => {
    const eager = started(false);
    eager.propose(1, 'a');
    const lazy = started(true);
    lazy.propose(1, 'a');
    // Eager: the entries, then an empty append each with the new commit.
    expect(emptyAppends(eager.delivered)).toHaveLength(2);
    expect(emptyAppends(lazy.delivered)).toHaveLength(0);
    expect(lazy.delivered.filter((m) => m.type === MessageType.App)).toHaveLength(2);
    // Both leaders committed and applied; the lazy one's followers have not heard yet.
    expect(eager.appliedData(1)).toEqual(['a']);
    expect(lazy.appliedData(1)).toEqual(['a']);
    expect(eager.appliedData(2)).toEqual(['a']);
    expect(lazy.appliedData(2)).toEqual([]);
    // The next heartbeat carries it (capped at what each follower holds).
    lazy.tick(1);
    expect(lazy.appliedData(2)).toEqual(['a']);
    expect(lazy.appliedData(3)).toEqual(['a']);
  });

  it('carries the commit on the next append when entries keep coming', () => {
    const c = started(true);
    for (const v of ['a', 'b', 'c']) c.propose(1, v);
    // Each later append carries the commit of the one before: followers trail by one entry, no more.
    expect(c.appliedData(2)).toEqual(['a', 'b']);
    expect(emptyAppends(c.delivered)).toHaveLength(0);
  });

  it("tells the followers a membership change's commit at once: they act on a configuration once applied", () => {
    const c = started(true);
    c.addEmptyNode(4);
    c.node(1).raw.proposeConfChange({ changes: [{ type: ConfChangeType.AddNode, nodeId: 4 }] });
    c.settle();
    // The followers applied the change without waiting for a heartbeat.
    for (const id of [2, 3]) expect(c.node(id).applied.some((e) => e.type === 'confChange'), `node ${id}`).toBe(true);
  });
});
