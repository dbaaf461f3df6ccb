// What a node does with the damage its store reports (docs/architecture.md,
// "Integrity"): counted by where, logged as warnings at most a burst per
// minute (with how many were held back), and damage found by a read routed to
// the replica that repairs it; scan and load damage is not routed (the load
// handles it).
import pino from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { DamageReporter, LogBurstLimit } from '../../src/integrity/damage-reports.js';
import { IntegrityMetrics } from '../../src/integrity/integrity-metrics.js';

/** A real pino logger writing JSON lines into an array. */
function capture(): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (s: string) => lines.push(JSON.parse(s) as Record<string, unknown>) });
  return { logger, lines };
}

describe('LogBurstLimit', () => {
  it('lets a burst through per window, holds the rest back, and says how many at the next line', () => {
    const limit = new LogBurstLimit(2, 1000);
    expect([limit.admit(0), limit.admit(1), limit.admit(2), limit.admit(3)]).toEqual([
      { log: true, heldBack: 0 },
      { log: true, heldBack: 0 },
      { log: false, heldBack: 0 },
      { log: false, heldBack: 0 },
    ]);
    expect(limit.admit(1000)).toEqual({ log: true, heldBack: 2 });
    expect(limit.admit(1001)).toEqual({ log: true, heldBack: 0 });
  });
});

describe('DamageReporter', () => {
  it('counts every report by where, routes read damage to the replicas, and leaves scan and load damage to the load', async () => {
    const registry = new Registry();
    const metrics = new IntegrityMetrics(registry);
    const { logger, lines } = capture();
    const routed: string[] = [];
    const reporter = new DamageReporter({ logger, metrics });
    // Before the replicas exist (the store opens first): counted and logged only.
    reporter.onDamage({ groupId: 'p/T/0', index: 4, reason: 'raft entry 4 failed its checksum', where: 'scan' });
    reporter.routeTo({ damageFound: (g, i, r) => routed.push(`${g}@${i}: ${r}`) });
    reporter.onDamage({ groupId: 'p/T/0', index: 4, reason: 'cut', where: 'load' });
    reporter.onDamage({ groupId: 'p/T/0', index: 9, reason: 'raft entry 9 failed its checks', where: 'read' });
    reporter.onDamage({ reason: 'LevelDB reported corruption', where: 'scan' });

    expect(routed).toEqual(['p/T/0@9: raft entry 9 failed its checks']);
    expect(reporter.counts).toEqual({ scan: 2, load: 1, read: 1 });
    const text = await registry.metrics();
    expect(text).toMatch(/^eddy_storage_corruptions_total\{where="scan"\} 2$/m);
    expect(text).toMatch(/^eddy_storage_corruptions_total\{where="load"\} 1$/m);
    expect(text).toMatch(/^eddy_storage_corruptions_total\{where="read"\} 1$/m);
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatchObject({ level: 40, group: 'p/T/0', index: 9, where: 'read', reason: 'raft entry 9 failed its checks' });
    expect(lines[2]?.msg).toMatch(/repairs it from its peers; check the disk \(SMART, dmesg\)/);
  });

  it('logs at most a burst per minute, and the next line says how many were held back; all are counted and routed', () => {
    let now = 0;
    const { logger, lines } = capture();
    const routed: number[] = [];
    const reporter = new DamageReporter({ logger, logBurst: 3, clock: () => now });
    reporter.routeTo({ damageFound: (_g, i) => routed.push(i) });
    for (let i = 1; i <= 10; i++) reporter.onDamage({ groupId: 'g', index: i, reason: 'bad', where: 'read' });
    now = 60_000;
    reporter.onDamage({ groupId: 'g', index: 11, reason: 'bad', where: 'read' });
    expect(lines.map((l) => l.index)).toEqual([1, 2, 3, 11]);
    expect(lines[3]?.heldBack).toBe(7);
    expect(routed).toHaveLength(11);
    expect(reporter.counts.read).toBe(11);
  });

  it('a sink that throws does not fail the read that found the damage', () => {
    const { logger, lines } = capture();
    const reporter = new DamageReporter({ logger });
    reporter.routeTo({
      damageFound: () => {
        throw new Error('replica closing');
      },
    });
    expect(() => reporter.onDamage({ groupId: 'g', index: 1, reason: 'bad', where: 'read' })).not.toThrow();
    expect(lines.at(-1)).toMatchObject({ level: 50, msg: 'could not start the repair of a damaged entry' });
  });
});
