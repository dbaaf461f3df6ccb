// nextMembershipStep: the order of changes that moves a group to a target set
// of voters (learners first, one joint promotion, leftovers removed).
import { describe, expect, it } from 'vitest';
import { applyConfChangeV2 } from '../src/core/conf-change.js';
import { nextMembershipStep, removesVoter } from '../src/core/membership-plan.js';
import { ConfChangeType, type ConfState, type NodeId } from '../src/core/types.js';

const all = () => true;

describe('nextMembershipStep', () => {
  it('is done when the configuration equals the target', () => {
    expect(nextMembershipStep({ voters: [1, 2, 3], learners: [] }, { voters: [3, 2, 1] }, all)).toBeUndefined();
  });

  it('adds joiners as learners, waits for them, promotes them and removes leavers in one change, then drops leftover learners', () => {
    let cs: ConfState = { voters: [1, 2, 3], learners: [7] };
    const target = { voters: [2, 3, 4, 5] };
    let caught = false;
    const steps: string[] = [];
    for (let i = 0; i < 10; i++) {
      const step = nextMembershipStep(cs, target, (id) => caught || id === 7);
      if (step === undefined) break;
      if (step === 'wait') {
        steps.push('wait');
        caught = true;
        continue;
      }
      steps.push(step.changes.map((c) => `${c.type}:${c.nodeId}`).join(',') || 'leave');
      const next = applyConfChangeV2(cs, step);
      expect(next.ok).toBe(true);
      if (next.ok) cs = next.confState;
      // The core leaves an auto-leave joint configuration by itself.
      if (cs.autoLeave === true) {
        expect(nextMembershipStep(cs, target, all)).toBe('wait');
        const left = applyConfChangeV2(cs, { changes: [] });
        if (left.ok) cs = left.confState;
      }
    }
    expect(steps).toEqual(['addLearner:4,addLearner:5', 'wait', 'addNode:4,addNode:5,removeNode:1', 'removeNode:7']);
    expect(cs).toEqual({ voters: [2, 3, 4, 5], learners: [] });
  });

  it('leaves a joint configuration a crash left behind (explicit), and waits for one that leaves by itself', () => {
    const explicit: ConfState = { voters: [2, 3, 4], learners: [], votersOutgoing: [1, 2, 3] };
    expect(nextMembershipStep(explicit, { voters: [2, 3, 4] }, all)).toEqual({ changes: [] });
    expect(nextMembershipStep({ ...explicit, autoLeave: true }, { voters: [2, 3, 4] }, all)).toBe('wait');
  });

  it('a one-voter swap without learners is two simple changes', () => {
    const cs: ConfState = { voters: [1, 2, 3], learners: [] };
    const first = nextMembershipStep(cs, { voters: [1, 2] }, all);
    expect(first).toEqual({ changes: [{ type: ConfChangeType.RemoveNode, nodeId: 3 }] });
  });

  it('tells whether a step removes a voter (the leader moves leadership first)', () => {
    const cs: ConfState = { voters: [1, 2, 3], learners: [4] };
    const step = nextMembershipStep(cs, { voters: [2, 3, 4] }, all);
    expect(step).not.toBe('wait');
    if (step === undefined || step === 'wait') return;
    expect(removesVoter(cs, step, 1)).toBe(true);
    expect(removesVoter(cs, step, 2)).toBe(false);
    expect(removesVoter(cs, step, 4)).toBe(false);
  });

  it('waits without a configuration, and refuses a target that names no voter or a bad id', () => {
    expect(nextMembershipStep({ voters: [], learners: [] }, { voters: [1] }, all)).toBe('wait');
    expect(() => nextMembershipStep({ voters: [1], learners: [] }, { voters: [] }, all)).toThrow(RangeError);
    expect(() => nextMembershipStep({ voters: [1], learners: [] }, { voters: [0] as NodeId[] }, all)).toThrow(/not a node id/);
  });
});
