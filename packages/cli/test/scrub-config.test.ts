// The node setting scrub.bytes.per.sec (scrubBytesPerSec): bytes per second of
// stored log the background scrubber reads back and checks (docs/architecture.md,
// "Scrubbing"); 4 MiB/s by default, 0 turns it off, and a bad value stops the
// start with a line naming the setting.
import { ConfigError } from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import { loadServerConfig } from '../src/server/server-config.js';

const base = { nodeId: '1', controllers: '1@127.0.0.1:9093', dataDir: '/tmp/eddy-config-test' };

describe('scrubBytesPerSec', () => {
  it('defaults to 4 MiB/s and is read from the environment and from flags (flags win)', () => {
    expect(loadServerConfig({ flags: base }).scrubBytesPerSec).toBe(4 * 1024 * 1024);
    expect(loadServerConfig({ flags: base, env: { EDDY_SCRUB_BYTES_PER_SEC: '0' } }).scrubBytesPerSec).toBe(0);
    expect(loadServerConfig({ flags: { ...base, scrubBytesPerSec: '1048576' }, env: { EDDY_SCRUB_BYTES_PER_SEC: '0' } }).scrubBytesPerSec).toBe(1_048_576);
  });

  it('refuses a negative or non-numeric rate, naming the setting', () => {
    expect(() => loadServerConfig({ flags: { ...base, scrubBytesPerSec: '-1' } })).toThrow(ConfigError);
    expect(() => loadServerConfig({ flags: { ...base, scrubBytesPerSec: 'fast' } })).toThrow(/scrubBytesPerSec/);
  });
});
