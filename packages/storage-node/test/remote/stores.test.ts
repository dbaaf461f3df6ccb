// The remote tier's object stores (src/remote/store/): one contract, run against
// the file system store in a temp directory and the S3 store against a real
// S3-protocol server (s3rver); then what only one of them has (the file store's
// crash safety, S3 errors naming the store), and the remote storage URL.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  FileRemoteStore,
  REMOTE_STORAGE_URL_FORMS,
  RemoteObjectNotFoundError,
  RemoteStoreError,
  openRemoteStore,
  parseRemoteStorageUrl,
  type RemoteObjectInfo,
  type RemoteStore,
} from '../../src/remote/store/index.js';
import { LazyS3RemoteStore } from '../../src/remote/store/lazy-s3-store.js';
import { S3RemoteStore } from '../../src/remote/store/s3-store.js';
import { S3RVER_CREDENTIALS, startS3rver, type RunningS3rver } from './s3rver.js';

// Fail the file on the SDK's Node version warning (s3-store.ts keeps it quiet).
const warnings: string[] = [];
process.on('warning', (w) => warnings.push(`${w.name}: ${w.message}`));

/** A place both stores can be opened on, under any prefix. */
interface Backend {
  name: string;
  setUp(): Promise<void>;
  open(prefix: string): RemoteStore;
  tearDown(): Promise<void>;
}

function fileBackend(): Backend {
  let dir = '';
  return {
    name: 'FileRemoteStore',
    async setUp() {
      dir = mkdtempSync(path.join(tmpdir(), 'eddy-fs-store-'));
    },
    open(prefix) {
      const directory = path.join(dir, prefix);
      mkdirSync(directory, { recursive: true });
      return new FileRemoteStore({ directory });
    },
    async tearDown() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function s3Backend(): Backend {
  let s3: RunningS3rver | undefined;
  return {
    name: 'S3RemoteStore (s3rver)',
    async setUp() {
      s3 = await startS3rver();
    },
    // Two keys a page, so every list below pages through ListObjectsV2.
    open: (prefix) => new S3RemoteStore({ bucket: s3!.bucket, prefix, endpoint: s3!.endpoint, credentials: S3RVER_CREDENTIALS, listPageSize: 2 }),
    async tearDown() {
      await s3?.stop();
    },
  };
}

async function listAll(store: RemoteStore, prefix: string): Promise<RemoteObjectInfo[]> {
  const out: RemoteObjectInfo[] = [];
  for await (const o of store.list(prefix)) out.push(o);
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

async function keys(store: RemoteStore, prefix: string): Promise<string[]> {
  return (await listAll(store, prefix)).map((o) => o.key);
}

const KEY = 'topic-1/0/00000000000000000000-00000000000000000099-3-0a1b2c.seg';

describe.each([fileBackend(), s3Backend()])('RemoteStore contract: $name', (backend) => {
  const opened: RemoteStore[] = [];
  let n = 0;
  /** A store under a fresh prefix, so tests do not see each other's objects. */
  const fresh = (label = 'store'): RemoteStore => {
    const store = backend.open(`${label}-${n++}`);
    opened.push(store);
    return store;
  };

  beforeAll(() => backend.setUp());
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });
  afterAll(() => backend.tearDown());

  it('gets back whole objects and byte ranges; a range is clipped to the object, past its end it is empty', async () => {
    const store = fresh();
    const body = randomBytes(300_000);
    await store.put(KEY, body);
    expect((await store.get(KEY, 0, body.length)).equals(body)).toBe(true);
    expect((await store.get(KEY, 1000, 1010)).equals(body.subarray(1000, 1010))).toBe(true);
    expect((await store.get(KEY, 123_456, 234_567)).equals(body.subarray(123_456, 234_567))).toBe(true);
    expect((await store.get(KEY, 299_990, 400_000)).equals(body.subarray(299_990))).toBe(true);
    expect((await store.get(KEY, 300_000, 300_100)).length).toBe(0);
    expect((await store.get(KEY, 500_000, 600_000)).length).toBe(0);
    expect((await store.get(KEY, 7, 7)).length).toBe(0);
    await store.put('tiny', Buffer.from('hello'));
    expect((await store.get('tiny', 0, Number.MAX_SAFE_INTEGER)).toString()).toBe('hello');
  });

  it('refuses a bad byte range with a clear error', async () => {
    const store = fresh();
    await store.put('x', Buffer.from('abc'));
    await expect(store.get('x', 5, 2)).rejects.toThrow(/bad byte range \[5, 2\)/);
    await expect(store.get('x', -1, 2)).rejects.toThrow(RemoteStoreError);
    await expect(store.get('x', 0.5, 2)).rejects.toThrow(/whole numbers/);
  });

  it('get of a missing key throws RemoteObjectNotFoundError naming the key and the store', async () => {
    const store = fresh();
    await store.put('topic-1/0/there.seg', Buffer.from('x'));
    for (const [start, end] of [[0, 10], [5, 6], [0, 0]] as const) {
      const err = await store.get('topic-1/0/missing.seg', start, end).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RemoteObjectNotFoundError);
      expect((err as RemoteObjectNotFoundError).key).toBe('topic-1/0/missing.seg');
      expect((err as Error).message).toContain(store.description);
    }
    // A key that is a folder of other keys is no object either.
    await expect(store.get('topic-1/0', 0, 1)).rejects.toBeInstanceOf(RemoteObjectNotFoundError);
    await expect(store.get('topic-2/0/x.seg', 0, 1)).rejects.toBeInstanceOf(RemoteObjectNotFoundError);
  });

  it('deletes objects; deleting an absent one (or one deleted twice) is no error', async () => {
    const store = fresh();
    await store.put('a/1.seg', Buffer.from('one'));
    await store.put('a/2.seg', Buffer.from('two'));
    await store.delete('a/1.seg');
    await expect(store.get('a/1.seg', 0, 3)).rejects.toBeInstanceOf(RemoteObjectNotFoundError);
    expect((await store.get('a/2.seg', 0, 3)).toString()).toBe('two');
    await store.delete('a/1.seg');
    await store.delete('never/was.seg');
    await store.delete('a/2.seg');
    expect(await keys(store, '')).toEqual([]);
    // The emptied folders do not stand in the way of new objects.
    await store.put('a/3.seg', Buffer.from('three'));
    expect(await keys(store, '')).toEqual(['a/3.seg']);
  });

  it('lists exactly the objects under a prefix, nested keys included, with their sizes', async () => {
    const store = fresh();
    const objects: Record<string, number> = {
      't1/0/a.seg': 10,
      't1/0/b.seg': 20,
      't1/0/c.seg': 30,
      't1/1/a.seg': 40,
      't1/10/a.seg': 41,
      't12/0/a.seg': 50,
      't2/0/deep/er/a.seg': 60,
      'top': 1,
    };
    for (const [key, size] of Object.entries(objects)) await store.put(key, randomBytes(size));
    const before = Date.now();
    expect(await keys(store, 't1/0/')).toEqual(['t1/0/a.seg', 't1/0/b.seg', 't1/0/c.seg']);
    expect(await keys(store, 't1/1')).toEqual(['t1/1/a.seg', 't1/10/a.seg']);
    expect(await keys(store, 't1/')).toEqual(['t1/0/a.seg', 't1/0/b.seg', 't1/0/c.seg', 't1/1/a.seg', 't1/10/a.seg']);
    expect(await keys(store, 't1')).toEqual(['t1/0/a.seg', 't1/0/b.seg', 't1/0/c.seg', 't1/1/a.seg', 't1/10/a.seg', 't12/0/a.seg']);
    expect(await keys(store, 't2/')).toEqual(['t2/0/deep/er/a.seg']);
    expect(await keys(store, 't1/0/b')).toEqual(['t1/0/b.seg']);
    expect(await keys(store, 't3/')).toEqual([]);
    expect(await keys(store, 'nothing/at/all/')).toEqual([]);
    const all = await listAll(store, '');
    expect(Object.fromEntries(all.map((o) => [o.key, o.size]))).toEqual(objects);
    for (const o of all) {
      expect(o.lastModifiedMs).toBeGreaterThan(before - 3_600_000);
      expect(o.lastModifiedMs).toBeLessThanOrEqual(before + 60_000);
    }
  });

  it('an overwrite replaces the whole object', async () => {
    const store = fresh();
    await store.put('k.seg', Buffer.from('a much longer first version'));
    await store.put('k.seg', Buffer.from('second'));
    expect((await store.get('k.seg', 0, 100)).toString()).toBe('second');
    expect(await listAll(store, '')).toMatchObject([{ key: 'k.seg', size: 6 }]);
  });

  it('two stores with different prefixes in one place do not see each other', async () => {
    const a = fresh('p');
    const b = fresh('p'); // 'p-<n>' and 'p-<n+1>': also not a prefix of each other
    const c = fresh('p-1'); // shares the start of a's prefix
    await a.put(KEY, Buffer.from('from a'));
    await b.put(KEY, Buffer.from('from b'));
    await c.put('other', Buffer.from('from c'));
    expect((await a.get(KEY, 0, 100)).toString()).toBe('from a');
    expect((await b.get(KEY, 0, 100)).toString()).toBe('from b');
    expect(await keys(a, '')).toEqual([KEY]);
    expect(await keys(b, '')).toEqual([KEY]);
    expect(await keys(c, '')).toEqual(['other']);
    await expect(a.get('other', 0, 1)).rejects.toBeInstanceOf(RemoteObjectNotFoundError);
    await a.delete(KEY);
    expect((await b.get(KEY, 0, 100)).toString()).toBe('from b');
    expect(a.description).not.toBe(b.description);
  });

  it('refuses bad keys and prefixes with errors saying what is wrong', async () => {
    const store = fresh();
    const bad: [string, RegExp][] = [
      ['', /empty/],
      ['/etc/passwd', /absolute/],
      ['../escape', /"\.\." segment/],
      ['a/../../escape', /"\.\." segment/],
      ['a/./b', /"\." segment/],
      ['a//b', /empty segment/],
      ['a/', /empty segment/],
      ['a/.eddy-tmp-123', /reserved for temporary files/],
      ['nul\0byte', /NUL/],
      ['x'.repeat(300), /longer than 255 bytes/],
    ];
    for (const [key, why] of bad) {
      for (const op of [() => store.put(key, Buffer.from('x')), () => store.get(key, 0, 1), () => store.delete(key)]) {
        const err = await op().catch((e: unknown) => e);
        expect(err, key).toBeInstanceOf(RemoteStoreError);
        expect((err as Error).message, key).toMatch(why);
        expect((err as Error).message, key).toContain(store.description);
      }
    }
    for (const prefix of ['/abs/', '../', 'a/../b/', 'a//']) {
      await expect(keys(store, prefix), prefix).rejects.toThrow(RemoteStoreError);
    }
    expect(await keys(store, '')).toEqual([]);
  });
});

describe('FileRemoteStore', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'eddy-fs-only-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** A store in a new directory `name`. */
  const storeIn = (name: string): FileRemoteStore => {
    mkdirSync(path.join(dir, name));
    return new FileRemoteStore({ directory: path.join(dir, name) });
  };

  it('never lists or returns a temporary file; list removes ones left by a crash an hour ago, not younger ones', async () => {
    const root = path.join(dir, 'crash');
    const store = storeIn('crash');
    await store.put('t/0/whole.seg', Buffer.from('whole'));
    // What a crash between write and rename leaves: a temp file beside the objects.
    const stale = path.join(root, 't', '0', '.eddy-tmp-0123456789abcdef');
    const young = path.join(root, 't', '0', '.eddy-tmp-fedcba9876543210');
    writeFileSync(stale, 'half an obj');
    writeFileSync(young, 'a put under way');
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(stale, twoHoursAgo, twoHoursAgo);
    mkdirSync(path.join(root, '.eddy-tmp-folder'));

    expect(await keys(store, '')).toEqual(['t/0/whole.seg']);
    expect(await keys(store, 't/0/')).toEqual(['t/0/whole.seg']);
    expect(readdirSync(path.join(root, 't', '0')).sort()).toEqual(['.eddy-tmp-fedcba9876543210', 'whole.seg']);
    await expect(store.get('t/0/.eddy-tmp-fedcba9876543210', 0, 10)).rejects.toThrow(/reserved for temporary files/);
    // put leaves no temp file of its own behind.
    await store.put('t/0/whole.seg', Buffer.from('again'));
    expect(readdirSync(path.join(root, 't', '0')).sort()).toEqual(['.eddy-tmp-fedcba9876543210', 'whole.seg']);
  });

  it('stores an empty object (s3rver drops the connection on a ranged get of one, so this is not in the contract)', async () => {
    const store = storeIn('empty');
    await store.put('empty', Buffer.alloc(0));
    expect((await store.get('empty', 0, 10)).length).toBe(0);
    expect(await listAll(store, '')).toMatchObject([{ key: 'empty', size: 0 }]);
  });

  it('maps keys to folders, removes folders a delete empties, and keeps the store directory', async () => {
    const root = path.join(dir, 'folders');
    const store = storeIn('folders');
    await store.put('topic/3/x.seg', Buffer.from('x'));
    expect(readdirSync(path.join(root, 'topic', '3'))).toEqual(['x.seg']);
    await store.delete('topic/3/x.seg');
    expect(readdirSync(root)).toEqual([]);
    expect(store.description).toBe(`file://${root}`);
  });

  it('a key cannot be an object and a folder at once: the error names the store and says why', async () => {
    const store = storeIn('clash');
    await store.put('a/b', Buffer.from('object'));
    const err = await store.put('a/b/c', Buffer.from('under it')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteStoreError);
    expect((err as Error).message).toMatch(/^put "a\/b\/c" on file:\/\/.*clash failed: .*both an object and a folder/);
  });

  it('does not create its directory: a missing one (a volume not mounted) fails every operation, saying what to do', async () => {
    const missing = new FileRemoteStore({ directory: path.join(dir, 'not-mounted') });
    const file = path.join(dir, 'not-a-dir');
    writeFileSync(file, 'a file where the store directory should be');
    const notDir = new FileRemoteStore({ directory: file });
    for (const store of [missing, notDir]) {
      const why = /does not exist \(or is not a directory\); create it, or mount the volume/;
      await expect(store.put('a/k', Buffer.from('x'))).rejects.toThrow(new RegExp(`put "a/k" on file://.*${path.basename(store.description)} failed: the directory`));
      await expect(store.put('a/k', Buffer.from('x'))).rejects.toThrow(why);
      await expect(store.get('a/k', 0, 1)).rejects.toThrow(why);
      await expect(store.delete('a/k')).rejects.toThrow(why);
      await expect(keys(store, '')).rejects.toThrow(why);
    }
    expect(readdirSync(dir)).not.toContain('not-mounted');
  });

  it('needs an absolute directory', () => {
    expect(() => new FileRemoteStore({ directory: 'relative/dir' })).toThrow(/absolute directory.*file:\/\/\//);
  });
});

describe('S3RemoteStore', () => {
  let s3: RunningS3rver;
  beforeAll(async () => {
    s3 = await startS3rver();
  });
  afterAll(() => s3.stop());

  /** A local port nothing listens on. */
  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  it('fails, not hangs, on an unreachable endpoint, naming the store, the operation and what to check', async () => {
    const port = await closedPort();
    const store = new S3RemoteStore({ bucket: 'eddy-test', prefix: 'cluster-a', endpoint: `http://127.0.0.1:${port}`, credentials: S3RVER_CREDENTIALS });
    try {
      expect(store.description).toBe(`s3://eddy-test/cluster-a/ at http://127.0.0.1:${port}`);
      for (const [op, run] of [
        ['put', () => store.put('k', Buffer.from('x'))],
        ['get', () => store.get('k', 0, 1)],
        ['delete', () => store.delete('k')],
        ['list', () => keys(store, '')],
      ] as const) {
        const err = await (run() as Promise<unknown>).catch((e: unknown) => e);
        expect(err, op).toBeInstanceOf(RemoteStoreError);
        expect((err as RemoteStoreError).operation).toBe(op);
        expect((err as Error).message).toContain(`${op} "`);
        expect((err as Error).message).toContain(`on s3://eddy-test/cluster-a/ at http://127.0.0.1:${port} failed`);
        expect((err as Error).message).toMatch(/ECONNREFUSED.*reachable/);
      }
    } finally {
      await store.close();
    }
  });

  it('says so when the bucket does not exist', async () => {
    const store = new S3RemoteStore({ bucket: 'no-such-bucket', endpoint: s3.endpoint, credentials: S3RVER_CREDENTIALS });
    try {
      await expect(store.put('k', Buffer.from('x'))).rejects.toThrow(/put "k" on s3:\/\/no-such-bucket\/ at http.*NoSuchBucket.*does not exist there: create it/);
      await expect(keys(store, '')).rejects.toThrow(/list "" .*does not exist/);
    } finally {
      await store.close();
    }
  });

  it('works end to end from a URL, credentials from the environment given to the parser', async () => {
    const env = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };
    const store = openRemoteStore(parseRemoteStorageUrl(`s3://${s3.bucket}/from-url?endpoint=${s3.endpoint}`, env));
    try {
      // The SDK loads on the first operation, not when the server parses its configuration.
      expect(store).toBeInstanceOf(LazyS3RemoteStore);
      expect(store.description).toBe(`s3://${s3.bucket}/from-url/ at ${s3.endpoint}`);
      await store.put('a/b.seg', Buffer.from('via url'));
      expect((await store.get('a/b.seg', 4, 100)).toString()).toBe('url');
      expect(await keys(store, '')).toEqual(['a/b.seg']);
    } finally {
      await store.close();
    }
  });

  it('makes clients without the SDK\'s Node version warning, and leaves the environment as it was', async () => {
    await new S3RemoteStore({ bucket: 'eddy-test', endpoint: s3.endpoint }).close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((w) => w.includes('NodeVersionSupportWarning'))).toEqual([]);
    expect(process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBeUndefined();
  });
});

describe('parseRemoteStorageUrl', () => {
  it('reads file URLs with absolute paths', () => {
    expect(parseRemoteStorageUrl('file:///var/lib/eddy/remote', {})).toEqual({ kind: 'file', directory: '/var/lib/eddy/remote', description: 'file:///var/lib/eddy/remote' });
    expect(parseRemoteStorageUrl('file://localhost/srv/tier/', {})).toMatchObject({ kind: 'file', directory: '/srv/tier' });
    expect(parseRemoteStorageUrl('FILE:///with%20space', {})).toMatchObject({ kind: 'file', directory: '/with space' });
  });

  it('reads s3 URLs: bucket, prefix, endpoint, region, path style', () => {
    expect(parseRemoteStorageUrl('s3://eddy-tier', {})).toEqual({
      kind: 's3',
      bucket: 'eddy-tier',
      prefix: '',
      region: 'us-east-1',
      endpoint: undefined,
      forcePathStyle: false,
      credentials: undefined,
      description: 's3://eddy-tier/ at AWS S3 us-east-1',
    });
    expect(parseRemoteStorageUrl('s3://eddy-tier/prod/cluster-1?endpoint=http://127.0.0.1:9000&region=eu-west-1', {})).toMatchObject({
      bucket: 'eddy-tier',
      prefix: 'prod/cluster-1/',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
      description: 's3://eddy-tier/prod/cluster-1/ at http://127.0.0.1:9000',
    });
    expect(parseRemoteStorageUrl('s3://b.example/x/?endpoint=https://minio.local/&path-style=false', {})).toMatchObject({ prefix: 'x/', endpoint: 'https://minio.local', forcePathStyle: false });
    expect(parseRemoteStorageUrl('s3://abc?path-style=true', {})).toMatchObject({ endpoint: undefined, forcePathStyle: true });
    expect(parseRemoteStorageUrl('s3://abc', { AWS_REGION: 'ap-south-1' })).toMatchObject({ region: 'ap-south-1' });
    expect(parseRemoteStorageUrl('s3://abc?region=eu-north-1', { AWS_REGION: 'ap-south-1' })).toMatchObject({ region: 'eu-north-1' });
  });

  it('takes an access key from the environment without ever showing it', async () => {
    const env = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEKEYID', AWS_SECRET_ACCESS_KEY: 'very-secret-value', AWS_SESSION_TOKEN: 'session-token-value' };
    const config = parseRemoteStorageUrl('s3://eddy-tier/p?endpoint=http://127.0.0.1:9000', env);
    if (config.kind !== 's3') throw new Error('expected an s3 config');
    expect(await config.credentials?.()).toEqual({ accessKeyId: 'AKIAEXAMPLEKEYID', secretAccessKey: 'very-secret-value', sessionToken: 'session-token-value' });
    const store = openRemoteStore(config);
    const shown = `${JSON.stringify(config)} ${config.description} ${store.description}`;
    for (const secret of Object.values(env)) expect(shown).not.toContain(secret);
    await store.close();
    expect(() => parseRemoteStorageUrl('s3://abc', { AWS_ACCESS_KEY_ID: 'AKIAONLY' })).toThrow(/AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not/);
    const err = (() => {
      try {
        parseRemoteStorageUrl('s3://abc', { AWS_SECRET_ACCESS_KEY: 'lonely-secret' });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toMatch(/AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not/);
    expect(err?.message).not.toContain('lonely-secret');
  });

  it('refuses anything else, saying what is wrong and showing the accepted forms', () => {
    const bad: [string, RegExp][] = [
      ['', /it is empty/],
      ['relative/dir', /plain path.*relative path is not accepted/],
      ['./remote', /relative path is not accepted/],
      ['/var/lib/eddy/remote', /plain path.*write it as a URL: file:\/\/\/var\/lib\/eddy\/remote/],
      ['file://relative/dir', /"relative" is read as a host name.*three slashes/],
      ['file:relative', /absolute path after "file:\/\/"/],
      ['file:///', /root directory/],
      ['file:///srv/x?sync=1', /no "\?" options/],
      ['http://bucket/x', /scheme "http:" is not supported/],
      ['gs://bucket', /scheme "gs:" is not supported/],
      ['s3://', /bucket name is missing/],
      ['s3:///prefix/only', /bucket name is missing/],
      ['s3://ab', /"ab" is not valid: it must be 3 to 63 characters/],
      ['s3://My_Bucket', /"My_Bucket" is not valid: it is lowercase letters/],
      ['s3://bucket:9000/x', /"bucket:9000" is not valid/],
      ['s3://bucket/a/../b', /key prefix "a\/..\/b\/" is not usable: it has a "\.\." segment/],
      ['s3://bucket/a//b', /empty segment/],
      ['s3://bucket?endpoint=http://127.0.0.1:9000&acl=public', /unknown option "acl" \(known: endpoint, region, path-style\)/],
      ['s3://bucket?region=eu-west-1&region=us-east-1', /"region" is given twice/],
      ['s3://bucket?endpoint=', /endpoint "" is not valid: it is not a URL/],
      ['s3://bucket?endpoint=127.0.0.1:9000', /endpoint "127.0.0.1:9000" is not valid/],
      ['s3://bucket?endpoint=not a url', /endpoint "not a url" is not valid: it is not a URL/],
      ['s3://bucket?endpoint=ftp://host:21', /its scheme is "ftp:"; use http: or https:/],
      ['s3://bucket?endpoint=http://host:9000/some/path', /without a path/],
      ['s3://bucket?region=EU_WEST', /region "EU_WEST" is not valid/],
      ['s3://bucket?path-style=yes', /path-style is "true" or "false", not "yes"/],
      ['s3://bucket#x', /no "#" fragment/],
    ];
    for (const [url, why] of bad) {
      let message = '';
      try {
        parseRemoteStorageUrl(url, {});
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message, url).toMatch(why);
      expect(message, url).toContain(`bad remote storage URL ${JSON.stringify(url)}`);
      expect(message, url).toContain(REMOTE_STORAGE_URL_FORMS);
    }
    expect(REMOTE_STORAGE_URL_FORMS).toMatch(/file:\/\/\/.*s3:\/\/bucket/);
    expect(() => parseRemoteStorageUrl('s3://abc', { AWS_REGION: 'Nowhere' })).toThrow(/region "Nowhere" \(from AWS_REGION\)/);
  });

  it('never repeats credentials written into a URL', () => {
    for (const url of ['s3://AKIAKEY:hunter2secret@bucket/x', 's3://bucket?endpoint=http://admin:hunter2secret@127.0.0.1:9000']) {
      let message = '';
      try {
        parseRemoteStorageUrl(url, {});
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message, url).toMatch(/credentials do not go in the URL; set AWS_ACCESS_KEY_ID/);
      expect(message, url).not.toContain('hunter2secret');
      expect(message, url).not.toContain('AKIAKEY');
    }
  });

  it('opens the store a config names', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eddy-url-'));
    try {
      mkdirSync(path.join(dir, 'tier'));
      const store = openRemoteStore(parseRemoteStorageUrl(`file://${dir}/tier`, {}));
      expect(store).toBeInstanceOf(FileRemoteStore);
      expect(store.description).toBe(`file://${dir}/tier`);
      await store.put('a/b', Buffer.from('x'));
      expect(await keys(store, 'a/')).toEqual(['a/b']);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
