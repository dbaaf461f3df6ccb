// The node settings of tiered storage (docs/architecture.md §14.1, §16): the object
// store (remote.storage), read from the environment or a flag and checked at start-up,
// and the intervals of retention and orphan clean-up.
import { ConfigError } from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import { loadServerConfig } from '../src/server/server-config.js';

const base = { nodeId: '1', controllers: '1@127.0.0.1:9093', dataDir: '/tmp/eddy-config-test' };

describe('remoteStorage', () => {
  it('is off by default and read from EDDY_REMOTE_STORAGE or --remote-storage (flags win)', () => {
    const c = loadServerConfig({ flags: base });
    expect(c.remoteStorage).toBeUndefined();
    expect([c.retentionCheckIntervalMs, c.remoteCleanupIntervalMs]).toEqual([30_000, 300_000]);
    expect(loadServerConfig({ flags: base, env: { EDDY_REMOTE_STORAGE: 'file:///var/lib/eddy/remote' } }).remoteStorage).toBe('file:///var/lib/eddy/remote');
    const url = 's3://events/cluster-1?endpoint=http://127.0.0.1:9000';
    expect(loadServerConfig({ flags: { ...base, remoteStorage: url }, env: { EDDY_REMOTE_STORAGE: 'file:///x' } }).remoteStorage).toBe(url);
  });

  it('refuses a store it cannot use before starting anything, naming the setting and the accepted forms', () => {
    for (const bad of ['ftp://host/x', 'file://relative/path', 's3://', 'remote']) {
      let err: unknown;
      try {
        loadServerConfig({ flags: { ...base, remoteStorage: bad } });
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(ConfigError);
      expect(String((err as Error).message)).toMatch(/--remote-storage \(EDDY_REMOTE_STORAGE\)/);
      expect(String((err as Error).message)).toMatch(/s3:\/\//);
    }
  });

  it('refuses intervals below their minimum', () => {
    expect(() => loadServerConfig({ flags: { ...base, remoteCleanupIntervalMs: '10' } })).toThrow(/remoteCleanupIntervalMs/);
    expect(() => loadServerConfig({ flags: { ...base, retentionCheckIntervalMs: '0' } })).toThrow(/retentionCheckIntervalMs/);
  });
});
