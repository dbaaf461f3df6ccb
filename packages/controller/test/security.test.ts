// Users, ACLs and quotas in the metadata image: the commands (pure), their
// records through apply, snapshots and image forks, and the Controller on the
// in-memory log (records encoded and decoded as the Raft log stores them),
// including the audit lines it writes.
import { Writable } from 'node:stream';
import { createLogger, deriveScramCredential, verifyScramPassword, type AclBinding } from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import { createAcls, deleteAcls, listAcls } from '../src/commands/acls.js';
import { deleteQuota, setQuota } from '../src/commands/quotas.js';
import { createUser, deleteUser, listUsers } from '../src/commands/users.js';
import { applyRecord } from '../src/metadata/apply-record.js';
import { emptyImage } from '../src/metadata/image.js';
import { ImageFork } from '../src/metadata/image-fork.js';
import { records } from '../src/metadata/records.js';
import { imageFromRecords, imageToRecords } from '../src/metadata/snapshot.js';
import { startController } from './controller-fixture.js';
import { applyAll } from './helpers.js';

const salt = Buffer.alloc(16, 7);
const cred256 = deriveScramCredential('pencil', 'SCRAM-SHA-256', 4096, salt);
const cred512 = deriveScramCredential('pencil', 'SCRAM-SHA-512', 4096, salt);
const binding = (over: Partial<AclBinding> = {}): AclBinding => ({ principal: 'User:alice', resourceType: 'topic', resourceName: 'orders', patternType: 'literal', operation: 'read', permission: 'allow', ...over });

function ok<T>(r: { ok: true; records: unknown[]; value: T } | { ok: false; error: Error }) {
  if (!r.ok) throw r.error;
  return r;
}

describe('user commands', () => {
  it('creates, lists (names and mechanisms only) and deletes users', () => {
    const image = emptyImage();
    const created = ok(createUser(image, { name: 'alice', credential: cred256 }));
    expect(created.value).toEqual({ name: 'alice', mechanisms: ['SCRAM-SHA-256'] });
    applyAll(image, created.records as never);
    applyAll(image, ok(createUser(image, { name: 'alice', credential: cred512 })).records as never);
    expect(listUsers(image)).toEqual([{ name: 'alice', mechanisms: ['SCRAM-SHA-256', 'SCRAM-SHA-512'] }]);
    expect(JSON.stringify(listUsers(image))).not.toMatch(/salt|Key|storedKey/);
    expect(verifyScramPassword(image.users.get('alice')!.credentials.get('SCRAM-SHA-256')!, 'pencil')).toBe(true);

    const dup = createUser(image, { name: 'alice', credential: cred256 });
    expect(!dup.ok && dup.error.code).toBe('USER_ALREADY_EXISTS');
    expect(!dup.ok && dup.error.message).toMatch(/eddy user delete alice/);
    const bad = createUser(image, { name: 'al ice', credential: cred256 });
    expect(!bad.ok && [bad.error.code, bad.error.message]).toEqual(['INVALID_REQUEST', expect.stringMatching(/only contain letters/)]);

    const one = ok(deleteUser(image, { name: 'alice', mechanism: 'SCRAM-SHA-512' }));
    applyAll(image, one.records as never);
    expect(listUsers(image)).toEqual([{ name: 'alice', mechanisms: ['SCRAM-SHA-256'] }]);
    applyAll(image, ok(deleteUser(image, { name: 'alice' })).records as never);
    expect(image.users.size).toBe(0);
    const gone = deleteUser(image, { name: 'alice' });
    expect(!gone.ok && gone.error.code).toBe('UNKNOWN_USER');
  });
});

describe('ACL commands', () => {
  it('adds bindings once, refuses the whole request when one is invalid, deletes by filter and says what went', () => {
    const image = emptyImage();
    const first = ok(createAcls(image, [binding(), binding(), binding({ operation: 'write', permission: 'deny' })]));
    expect(first.value.created).toHaveLength(2);
    applyAll(image, first.records as never);
    expect(ok(createAcls(image, [binding()])).records).toHaveLength(0);

    const invalid = createAcls(image, [binding({ resourceName: 'x' }), binding({ resourceType: 'group', operation: 'write' })]);
    expect(!invalid.ok && invalid.error.message).toMatch(/ACL binding 2 .*does not apply to group resources/);
    expect(image.acls.size).toBe(2);

    applyAll(image, ok(createAcls(image, [binding({ principal: 'User:bob', resourceName: 'pay.', patternType: 'prefixed' })])).records as never);
    expect(listAcls(image, { principal: 'User:alice' })).toHaveLength(2);
    const del = ok(deleteAcls(image, [{ principal: 'User:alice', permission: 'deny' }]));
    expect(del.value.deleted).toEqual([binding({ operation: 'write', permission: 'deny' })]);
    applyAll(image, del.records as never);
    expect(listAcls(image)).toEqual([binding(), binding({ principal: 'User:bob', resourceName: 'pay.', patternType: 'prefixed' })]);
    expect(ok(deleteAcls(image, [{ principal: 'User:nobody' }])).records).toHaveLength(0);
  });
});

describe('quota commands', () => {
  it('merges values, 0 removes one limit, delete removes all and is a no-op when none', () => {
    const image = emptyImage();
    applyAll(image, ok(setQuota(image, 'User:alice', { produceBytesPerSec: 1000, requestsPerSec: 5 })).records as never);
    const merged = ok(setQuota(image, 'User:alice', { fetchBytesPerSec: 2000, requestsPerSec: 0 }));
    expect(merged.value).toEqual({ produceBytesPerSec: 1000, fetchBytesPerSec: 2000 });
    applyAll(image, merged.records as never);
    expect(image.quotas.get('User:alice')).toEqual({ produceBytesPerSec: 1000, fetchBytesPerSec: 2000 });
    const bad = setQuota(image, 'alice', { produceBytesPerSec: 1 });
    expect(!bad.ok && bad.error.message).toMatch(/User:<name>/);
    const neg = setQuota(image, 'User:*', { produceBytesPerSec: -5 });
    expect(!neg.ok && neg.error.code).toBe('INVALID_REQUEST');
    applyAll(image, ok(deleteQuota(image, 'User:alice')).records as never);
    expect(image.quotas.size).toBe(0);
    expect(ok(deleteQuota(image, 'User:alice')).value).toEqual({ removed: false });
  });
});

describe('security records in the image', () => {
  function populated() {
    const image = emptyImage();
    applyAll(image, [
      records.scramCredential('alice', cred256),
      records.scramCredential('bob', cred512),
      records.aclAdded(binding()),
      records.aclAdded(binding({ principal: 'User:*', resourceName: '*', operation: 'describe' })),
      records.quota('User:*', { requestsPerSec: 100 }),
    ]);
    return image;
  }

  it('survive a snapshot: the image rebuilt from its records is the same', () => {
    const image = populated();
    const again = imageFromRecords(imageToRecords(image), image.version);
    expect(again.users).toEqual(image.users);
    expect(again.acls).toEqual(image.acls);
    expect(again.quotas).toEqual(image.quotas);
  });

  it('records that do not apply cleanly are ignored with a reason, never thrown', () => {
    const image = populated();
    const bad = [
      records.scramCredential('x y', cred256),
      records.scramCredential('carol', { ...cred256, storedKey: Buffer.alloc(3) }),
      records.scramCredentialRemoved('nobody', 'SCRAM-SHA-256'),
      records.aclAdded(binding()),
      records.aclAdded(binding({ resourceType: 'cluster', operation: 'alter' })),
      records.aclRemoved(binding({ resourceName: 'never' })),
      records.quota('nobody', { requestsPerSec: 1 }),
      records.quotaRemoved('User:nobody'),
    ];
    for (const r of bad) expect(applyRecord(image, r, image.version + 1).applied).toBe(false);
    expect(image.users.size).toBe(2);
    expect(image.acls.size).toBe(2);
  });

  it('an image fork applies them without touching the base', () => {
    const base = populated();
    const fork = new ImageFork(base);
    for (const r of [records.scramCredentialRemoved('alice', 'SCRAM-SHA-256'), records.aclRemoved(binding()), records.quotaRemoved('User:*'), records.scramCredential('bob', cred256)]) {
      expect(fork.apply(r, base.version + 1).applied).toBe(true);
    }
    expect(fork.image.users.has('alice')).toBe(false);
    expect([...fork.image.users.get('bob')!.credentials.keys()].sort()).toEqual(['SCRAM-SHA-256', 'SCRAM-SHA-512']);
    expect(base.users.has('alice')).toBe(true);
    expect([...base.users.get('bob')!.credentials.keys()]).toEqual(['SCRAM-SHA-512']);
    expect(base.acls.size).toBe(2);
    expect(base.quotas.size).toBe(1);
  });
});

describe('Controller: users, ACLs, quotas', () => {
  it('serves them through the log, never stores or logs the password, and audits every change with the principal', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        for (const l of chunk.toString().split('\n')) if (l.trim() !== '') lines.push(JSON.parse(l) as Record<string, unknown>);
        cb();
      },
    });
    const { controller, log } = await startController({ logger: createLogger({ level: 'info', destination: sink }) });
    const as = { principal: 'User:admin' };
    const created = await controller.createUser({ name: 'alice', password: 'hunter2-secret', mechanism: 'SCRAM_MECHANISM_SCRAM_SHA_512', iterations: 8192 }, as);
    expect(created.user).toEqual({ name: 'alice', mechanisms: ['SCRAM_MECHANISM_SCRAM_SHA_512'] });
    const cred = controller.image.users.get('alice')!.credentials.get('SCRAM-SHA-512')!;
    expect(cred.iterations).toBe(8192);
    expect(verifyScramPassword(cred, 'hunter2-secret')).toBe(true);
    await expect(controller.createUser({ name: 'alice', password: 'x', mechanism: 'SCRAM_MECHANISM_SCRAM_SHA_512', iterations: 0 }, as)).rejects.toMatchObject({ code: 'USER_ALREADY_EXISTS' });
    await expect(controller.createUser({ name: 'bob', password: '', mechanism: 'SCRAM_MECHANISM_UNSPECIFIED', iterations: 0 })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(controller.createUser({ name: 'bob', password: 'p', mechanism: 'SCRAM_MECHANISM_UNSPECIFIED', iterations: 100 })).rejects.toMatchObject({ message: expect.stringMatching(/4096 to 65536/) as unknown });
    expect((await controller.listUsers()).users).toEqual([{ name: 'alice', mechanisms: ['SCRAM_MECHANISM_SCRAM_SHA_512'] }]);

    await controller.createAcls({ acls: [{ principal: 'User:alice', resourceType: 'ACL_RESOURCE_TYPE_TOPIC', resourceName: 'orders', patternType: 'ACL_PATTERN_TYPE_PREFIXED', operation: 'ACL_OPERATION_READ', permission: 'ACL_PERMISSION_ALLOW' }] }, as);
    await expect(controller.createAcls({ acls: [{ principal: 'User:alice', resourceType: 'ACL_RESOURCE_TYPE_UNSPECIFIED', resourceName: 'orders', patternType: 'ACL_PATTERN_TYPE_LITERAL', operation: 'ACL_OPERATION_READ', permission: 'ACL_PERMISSION_ALLOW' }] })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    const listed = await controller.listAcls({ filter: null });
    expect(listed.acls).toHaveLength(1);
    await controller.setQuota({ quota: { principal: 'User:alice', produceBytesPerSec: '1048576' } }, as);
    expect((await controller.listQuotas()).quotas).toEqual([{ principal: 'User:alice', produceBytesPerSec: '1048576' }]);
    const removed = await controller.deleteAcls({ filters: [{ principal: 'User:alice', resourceType: 'ACL_RESOURCE_TYPE_UNSPECIFIED', resourceName: '', patternType: 'ACL_PATTERN_TYPE_UNSPECIFIED', operation: 'ACL_OPERATION_UNSPECIFIED', permission: 'ACL_PERMISSION_UNSPECIFIED' }] }, as);
    expect(removed.deleted.map((b) => b.resourceName)).toEqual(['orders']);
    await controller.deleteUser({ name: 'alice', mechanism: 'SCRAM_MECHANISM_UNSPECIFIED' }, as);
    expect(controller.image.users.size).toBe(0);
    await controller.createTopic({ name: 'audited', partitions: 1, replicationFactor: 1, configs: {}, validateOnly: true }, as).catch(() => undefined);

    // A restart from the log (records decoded as stored) rebuilds the same security state.
    await controller.setQuota({ quota: { principal: 'User:*', requestsPerSec: '50' } }, as);
    const again = await startController({}, log);
    expect(again.controller.image.quotas).toEqual(controller.image.quotas);

    const audit = lines.filter((l) => l.audit === true);
    expect(audit.map((l) => [l.operation, l.outcome])).toEqual([
      ['create_user', 'ok'],
      ['create_user', 'refused'],
      ['create_user', 'refused'],
      ['create_user', 'refused'],
      ['create_acls', 'ok'],
      ['create_acls', 'refused'],
      ['set_quota', 'ok'],
      ['delete_acls', 'ok'],
      ['delete_acls', undefined],
      ['delete_user', 'ok'],
      ['create_topic', 'refused'],
      ['set_quota', 'ok'],
    ]);
    expect(audit[0]).toMatchObject({ principal: 'User:admin', resource: 'user:alice', mechanism: 'SCRAM-SHA-512' });
    expect(audit[2]).toMatchObject({ principal: 'User:ANONYMOUS', code: 'INVALID_REQUEST' });
    expect(audit.at(-2)).toMatchObject({ resource: 'topic:audited', code: 'NOT_ENOUGH_REPLICAS' });
    expect(JSON.stringify(lines)).not.toContain('hunter2');
    await again.controller.stop();
    await controller.stop();
  });
});
