import { describe, expect, it } from 'vitest';
import { CONTROLLER_CHANNEL_OPTIONS } from '../src/server/storage/controller-link.js';

describe('the channel to the controllers', () => {
  it('pings every 5 s even with no call writing (the metadata watch only reads), and drops a connection whose ping goes unanswered for 5 s', () => {
    expect(CONTROLLER_CHANNEL_OPTIONS['grpc.keepalive_time_ms']).toBe(5_000);
    expect(CONTROLLER_CHANNEL_OPTIONS['grpc.keepalive_timeout_ms']).toBe(5_000);
    expect(CONTROLLER_CHANNEL_OPTIONS['grpc.keepalive_permit_without_calls']).toBe(1);
  });

  it('reconnects within 1 s of the network healing, well inside the 9 s session timeout', () => {
    expect(CONTROLLER_CHANNEL_OPTIONS['grpc.max_reconnect_backoff_ms']).toBeLessThanOrEqual(1_000);
  });
});
