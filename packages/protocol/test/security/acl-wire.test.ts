import { describe, expect, it } from 'vitest';
import type { AclBinding } from '../../src/security/acl.js';
import { aclBindingFromWire, aclBindingToWire, aclFilterFromWire, aclFilterToWire, quotaFromWire, quotaToWire } from '../../src/security/acl-wire.js';

describe('ACL wire form', () => {
  it('round-trips through the wire enums', () => {
    const b: AclBinding = { principal: 'User:*', resourceType: 'topic', resourceName: 'pay.', patternType: 'prefixed', operation: 'describe_configs', permission: 'deny' };
    expect(aclBindingFromWire(aclBindingToWire(b))).toEqual(b);
    expect(aclBindingFromWire({ ...aclBindingToWire(b), operation: 'ACL_OPERATION_UNSPECIFIED' })).toMatch(/operation/);
    expect(aclFilterFromWire(aclFilterToWire({ principal: 'User:a', operation: 'read' }))).toEqual({ principal: 'User:a', operation: 'read' });
    expect(aclFilterFromWire(undefined)).toEqual({});
  });

  it('round-trips quotas (absent values stay absent)', () => {
    expect(quotaFromWire(quotaToWire('User:a', { produceBytesPerSec: 5, requestsPerSec: 2 }))).toEqual({ produceBytesPerSec: 5, requestsPerSec: 2 });
    expect(quotaToWire('User:a', {})).toEqual({ principal: 'User:a' });
  });
});
