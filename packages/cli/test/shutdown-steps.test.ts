import { Writable } from 'node:stream';
import { createLogger } from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import { runShutdownStep, step } from '../src/server/shutdown-steps.js';

/** A logger whose JSON lines land in `lines`. */
function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

describe('runShutdownStep', () => {
  it('goes on past a step that never finishes, after its bound, naming it', async () => {
    const { logger, lines } = capturingLogger();
    const ran: string[] = [];
    const steps = [
      step('waits for a quorum that is gone', () => new Promise<void>(() => undefined), 50),
      step('close the store', () => {
        ran.push('close the store');
      }),
    ];
    const started = Date.now();
    for (const s of steps) await runShutdownStep(s, logger);
    expect(ran).toEqual(['close the store']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    await new Promise((r) => setImmediate(r));
    expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', step: 'waits for a quorum that is gone', boundMs: 50 }));
  });

  it('goes on past a step that throws or rejects, and logs the error', async () => {
    const { logger, lines } = capturingLogger();
    const ran: string[] = [];
    const steps = [
      step('throws', () => {
        throw new Error('boom');
      }),
      step('rejects', () => Promise.reject(new Error('bang'))),
      step('last', () => {
        ran.push('last');
      }),
    ];
    for (const s of steps) await runShutdownStep(s, logger);
    expect(ran).toEqual(['last']);
    await new Promise((r) => setImmediate(r));
    const warned = lines.filter((l) => l.level === 'warn').map((l) => [l.step, (l.err as { message: string }).message]);
    expect(warned).toEqual([
      ['throws', 'boom'],
      ['rejects', 'bang'],
    ]);
  });

  it('waits for a step that finishes within its bound and logs nothing', async () => {
    const { logger, lines } = capturingLogger();
    let done = false;
    await runShutdownStep(
      step('quick', async () => {
        await new Promise((r) => setTimeout(r, 20));
        done = true;
      }, 5_000),
      logger,
    );
    expect(done).toBe(true);
    expect(lines).toEqual([]);
  });
});
