// The node setting replication.throttle.bytes (replicationThrottleBytes): bytes
// per second of log this node serves to backfilling replicas; 0 or absent is
// unlimited, and a bad value stops the start with a line saying which.
import { ConfigError } from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import { loadServerConfig } from '../src/server/server-config.js';

const base = { nodeId: '1', controllers: '1@127.0.0.1:9093', dataDir: '/tmp/eddy-config-test' };

describe('replicationThrottleBytes', () => {
  it('defaults to unlimited and is read from the environment and from flags', () => {
    expect(loadServerConfig({ flags: base }).replicationThrottleBytes).toBe(0);
    expect(loadServerConfig({ flags: base, env: { EDDY_REPLICATION_THROTTLE_BYTES: '1048576' } }).replicationThrottleBytes).toBe(1_048_576);
    expect(loadServerConfig({ flags: { ...base, replicationThrottleBytes: '5000' }, env: { EDDY_REPLICATION_THROTTLE_BYTES: '1' } }).replicationThrottleBytes).toBe(5000);
  });

  it('refuses a negative or non-numeric rate', () => {
    expect(() => loadServerConfig({ flags: { ...base, replicationThrottleBytes: '-1' } })).toThrow(ConfigError);
    expect(() => loadServerConfig({ flags: { ...base, replicationThrottleBytes: 'fast' } })).toThrow(/replicationThrottleBytes/);
  });
});
