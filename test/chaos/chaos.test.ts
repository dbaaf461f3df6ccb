// The short chaos pass `pnpm test` runs: a fixed seed, about a minute of
// process faults (kills of random nodes, partition leaders and the active
// controller, pauses, crash-restarts) under the queue workload, then the
// checker over the history and the final drain. Longer runs: `pnpm chaos`.
import { describe, expect, it } from 'vitest';
import { runChaos } from './harness.js';

const SEED = 20261124;
const DURATION_S = 60;

describe('chaos: queue workload under process faults', () => {
  it(`seed ${SEED}: no lost, duplicated, reordered or inconsistent records`, async () => {
    const outcome = await runChaos({ seed: SEED, durationS: DURATION_S });
    console.log(outcome.line);
    expect(outcome.result.acknowledged).toBeGreaterThan(0);
    expect(outcome.result.polled).toBeGreaterThan(0);
    expect(Object.values(outcome.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(outcome.result.ok, `${outcome.line}\nhistory: ${outcome.historyFile}\n${JSON.stringify(outcome.result.examples, null, 2)}`).toBe(true);
  }, (DURATION_S + 180) * 1000);
});
