import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aclBindingProblem, aclFilterMatches, authorize, operationCovers, type AclBinding, type AclOperation, type AuthorizeRequest } from '../../src/security/acl.js';
import { parsePrincipal, principalProblem, usernameProblem } from '../../src/security/principal.js';

const allow = (principal: string, resourceName: string, operation: AclOperation, patternType: 'literal' | 'prefixed' = 'literal', resourceType: AclBinding['resourceType'] = 'topic'): AclBinding => ({
  principal,
  resourceType,
  resourceName,
  patternType,
  operation,
  permission: 'allow',
});
const deny = (...a: Parameters<typeof allow>): AclBinding => ({ ...allow(...a), permission: 'deny' });
const req = (principal: string, resourceName: string, operation: AclOperation, resourceType: AclBinding['resourceType'] = 'topic'): AuthorizeRequest => ({ principal, resourceType, resourceName, operation });

describe('principals', () => {
  it('builds, parses and validates Kafka-form principals', () => {
    expect(parsePrincipal('User:alice')).toEqual({ type: 'User', name: 'alice' });
    expect(parsePrincipal('Node:3')).toEqual({ type: 'Node', name: '3' });
    expect(parsePrincipal('User:CN with spaces')).toEqual({ type: 'User', name: 'CN with spaces' });
    for (const bad of ['alice', 'Group:x', 'User:', 'Node:x', 'Node:01', 'Node:-1', 'Node:4294967296', `User:${'a'.repeat(256)}`, 'User:a\nb']) {
      expect(principalProblem(bad), bad).toBeDefined();
    }
    expect(usernameProblem('alice.o-b_c@x')).toBeUndefined();
    expect(usernameProblem('')).toMatch(/empty/);
    expect(usernameProblem('a b')).toMatch(/only contain/);
    expect(usernameProblem('a'.repeat(256))).toMatch(/at most 255/);
  });

  it('names a certificate by its node SAN, else its CN', () => {
  });
});

describe('authorize', () => {
  it('no ACL means no access; super users may do anything', () => {
    expect(authorize([], req('User:alice', 'orders', 'read'))).toMatchObject({ allowed: false, reason: expect.stringMatching(/no ACL allows User:alice to read topic "orders"/) as unknown });
    expect(authorize([], req('User:admin', 'orders', 'delete'), ['User:admin']).allowed).toBe(true);
    expect(authorize([deny('User:admin', '*', 'all')], req('User:admin', 'orders', 'delete'), new Set(['User:admin'])).allowed).toBe(true);
  });

  it('literal, wildcard and prefixed names; User:* for every user but not nodes', () => {
    const acls = [allow('User:alice', 'orders', 'read'), allow('User:*', 'public.', 'read', 'prefixed'), allow('User:bob', '*', 'write')];
    expect(authorize(acls, req('User:alice', 'orders', 'read')).allowed).toBe(true);
    expect(authorize(acls, req('User:alice', 'orders2', 'read')).allowed).toBe(false);
    expect(authorize(acls, req('User:carol', 'public.news', 'read')).allowed).toBe(true);
    expect(authorize(acls, req('Node:1', 'public.news', 'read')).allowed).toBe(false);
    expect(authorize(acls, req('User:bob', 'anything', 'write')).allowed).toBe(true);
    expect(authorize(acls, req('User:bob', 'anything', 'read')).allowed).toBe(false);
    // A topic binding says nothing about a group of the same name.
    expect(authorize(acls, req('User:alice', 'orders', 'read', 'group')).allowed).toBe(false);
  });

  it("implications as in Kafka: all covers everything; read/write/delete/alter imply describe; alter_configs implies describe_configs; not for denies", () => {
    for (const op of ['read', 'write', 'delete', 'alter'] as const) expect(operationCovers(op, 'describe', 'allow')).toBe(true);
    expect(operationCovers('create', 'describe', 'allow')).toBe(false);
    expect(operationCovers('alter_configs', 'describe_configs', 'allow')).toBe(true);
    expect(operationCovers('describe_configs', 'alter_configs', 'allow')).toBe(false);
    expect(operationCovers('all', 'cluster_action', 'allow')).toBe(true);
    expect(operationCovers('all', 'read', 'deny')).toBe(true);
    expect(operationCovers('read', 'describe', 'deny')).toBe(false);
    expect(authorize([allow('User:a', 't', 'read'), deny('User:a', 't', 'read')], req('User:a', 't', 'describe')).allowed).toBe(true);
  });

  const ops: AclOperation[] = ['read', 'write', 'create', 'delete', 'alter', 'describe', 'describe_configs', 'alter_configs', 'all'];
  const name = fc.stringMatching(/^[a-c]{1,4}$/);
  const principal = fc.constantFrom('User:alice', 'User:bob', 'User:*');
  const binding = fc.record({
    principal,
    resourceType: fc.constant('topic' as const),
    resourceName: fc.oneof(name, fc.constant('*')),
    patternType: fc.constantFrom('literal' as const, 'prefixed' as const),
    operation: fc.constantFrom(...ops),
    permission: fc.constantFrom('allow' as const, 'deny' as const),
  }).filter((b) => !(b.patternType === 'prefixed' && b.resourceName === '*'));
  const request = fc.record({ principal: fc.constantFrom('User:alice', 'User:bob'), resourceType: fc.constant('topic' as const), resourceName: name, operation: fc.constantFrom(...ops.filter((o) => o !== 'all')) });

  it('property: a matching deny always wins, whatever allows exist and in any order', () => {
    fc.assert(
      fc.property(fc.array(binding, { maxLength: 12 }), request, fc.integer({ min: 0, max: 12 }), (acls, r, at) => {
        const d: AclBinding = { principal: r.principal, resourceType: 'topic', resourceName: r.resourceName, patternType: 'literal', operation: r.operation, permission: 'deny' };
        const list = [...acls.slice(0, at), d, ...acls.slice(at)];
        expect(authorize(list, r).allowed).toBe(false);
        expect(authorize([...list].reverse(), r).allowed).toBe(false);
      }),
    );
  });

  it('property: the decision does not depend on the order of bindings, and adding an allow never revokes', () => {
    fc.assert(
      fc.property(fc.array(binding, { maxLength: 12 }), request, binding, (acls, r, extra) => {
        const decision = authorize(acls, r).allowed;
        expect(authorize([...acls].reverse(), r).allowed).toBe(decision);
        if (decision && extra.permission === 'allow') expect(authorize([...acls, extra], r).allowed).toBe(true);
      }),
    );
  });

  it('property: a prefixed allow grants exactly the names starting with its prefix', () => {
    fc.assert(
      fc.property(name, name, principal, (prefix, resource, p) => {
        const acls = [allow(p, prefix, 'read', 'prefixed')];
        const requester = p === 'User:*' ? 'User:zed' : p;
        expect(authorize(acls, req(requester, resource, 'read')).allowed).toBe(resource.startsWith(prefix));
        // A literal binding of the same name grants only that name.
        expect(authorize([allow(p, prefix, 'read')], req(requester, resource, 'read')).allowed).toBe(resource === prefix);
      }),
    );
  });
});

describe('ACL bindings: validation, filters, wire form', () => {
  it('refuses bad bindings with what is wrong and what to do', () => {
    const ok = allow('User:alice', 'orders', 'read');
    expect(aclBindingProblem(ok)).toBeUndefined();
    expect(aclBindingProblem({ ...ok, principal: 'alice' })).toMatch(/must be "User:<name>"/);
    expect(aclBindingProblem({ ...ok, operation: 'cluster_action' })).toMatch(/does not apply to topic resources; use one of/);
    expect(aclBindingProblem({ ...ok, resourceType: 'group', operation: 'write' })).toMatch(/does not apply to group/);
    expect(aclBindingProblem({ ...ok, resourceType: 'cluster', operation: 'alter' })).toMatch(/literal name "eddy-cluster"/);
    expect(aclBindingProblem({ ...ok, resourceType: 'cluster', operation: 'alter', resourceName: 'eddy-cluster' })).toBeUndefined();
    expect(aclBindingProblem({ ...ok, resourceName: '' })).toMatch(/needs a resource name/);
    expect(aclBindingProblem({ ...ok, resourceName: 'x'.repeat(256) })).toMatch(/at most 255/);
    expect(aclBindingProblem({ ...ok, resourceName: '*', patternType: 'prefixed' })).toMatch(/cannot use "\*"/);
    expect(aclBindingProblem({ ...ok, operation: 'fly' as never })).toMatch(/operation "fly" is unknown/);
  });

  it('filters match field by field', () => {
    const b = allow('User:alice', 'orders', 'read');
    expect(aclFilterMatches({}, b)).toBe(true);
    expect(aclFilterMatches({ principal: 'User:alice', resourceName: 'orders' }, b)).toBe(true);
    expect(aclFilterMatches({ principal: 'User:bob' }, b)).toBe(false);
    expect(aclFilterMatches({ permission: 'deny' }, b)).toBe(false);
  });
});
