import { describe, expect, it } from 'vitest';
import { BugKnob, runSeed, type SimResult } from '../src/internal.js';

const describeFailure = (r: SimResult): string =>
  `seed ${r.seed}: ${r.violations.map((v) => `${v.kind} @${v.tick}: ${v.detail}`).join('; ')}${r.linearizabilityInconclusive ? ' (linearizability inconclusive)' : ''}`;

function runRange(from: number, to: number): SimResult[] {
  const failures: SimResult[] = [];
  for (let seed = from; seed < to; seed++) {
    const r = runSeed({ seed });
    if (r.violations.length > 0 || r.linearizabilityInconclusive) failures.push(r);
  }
  return failures;
}

describe('deterministic simulation: 1,000 seeds without a violation', () => {
  // Small chunks keep each test well inside the per-test timeout on a loaded machine.
  for (let chunk = 0; chunk < 8; chunk++) {
    it(`seeds ${chunk * 125}..${chunk * 125 + 124}`, () => {
      const failures = runRange(chunk * 125, chunk * 125 + 125);
      expect(failures.map(describeFailure)).toEqual([]);
    });
  }

  it('is deterministic: a seed replays identically', () => {
    const a = runSeed({ seed: 4242 });
    const b = runSeed({ seed: 4242 });
    expect(b).toEqual(a);
  });

  it('exercises the system: leaders change, entries commit, client operations complete', () => {
    let terms = 0;
    let committed = 0;
    let completed = 0;
    let quiesced = 0;
    let forgotten = 0;
    let lostSuffixes = 0;
    for (let seed = 0; seed < 50; seed++) {
      const r = runSeed({ seed });
      terms += r.leaderTerms;
      committed += r.maxCommitted;
      completed += r.completedOperations;
      quiesced += r.quiescedTicks;
      forgotten += r.leadersForgotten;
      lostSuffixes += r.suffixLosses;
    }
    // Disks lose suffixes of logs: those replicas restart repairing.
    expect(lostSuffixes).toBeGreaterThan(10);
    // Quiescence is exercised too: groups go quiet, and followers of a lost
    // leader are woken by the failure detector (and sometimes wrongly).
    expect(quiesced).toBeGreaterThan(1000);
    expect(forgotten).toBeGreaterThan(10);
    expect(terms).toBeGreaterThan(200);
    expect(committed).toBeGreaterThan(1000);
    expect(completed).toBeGreaterThan(1000);
  });
});

describe('the checkers have teeth: every known bug is caught within 200 seeds', () => {
  for (const bug of Object.values(BugKnob)) {
    it(bug, () => {
      let found: SimResult | undefined;
      for (let seed = 0; seed < 200 && found === undefined; seed++) {
        const r = runSeed({ seed, bug });
        if (r.violations.length > 0) found = r;
      }
      expect(found, `bug ${bug} not detected in 200 seeds`).toBeDefined();
    });
  }
});
