// The object store behind tiered storage (docs/architecture.md §8, issue #21):
// partition leaders upload remote segments to it and every replica reads them
// back. One small interface, two implementations: a directory on a file system
// (fs-store.ts) and an S3 bucket or an S3-compatible server (s3-store.ts).
//
// Keys are relative to the store's own prefix (its directory, or the key prefix
// in its bucket) and look like `<topicId>/<partition>/<name>.seg`. Both stores
// accept the same keys (checkObjectKey), so a key that works against one works
// against the other.

/** One stored object, as `list` reports it. */
export interface RemoteObjectInfo {
  /** Relative to the store's prefix, as given to `put`. */
  key: string;
  size: number;
  lastModifiedMs: number;
}

/** An object store: whole objects in, byte ranges out. */
export interface RemoteStore {
  /** Where objects go, for logs and errors; never contains credentials. */
  readonly description: string;
  /** Stores `body` at `key` (relative to the store's prefix); the object is visible whole or not at all. */
  put(key: string, body: Buffer): Promise<void>;
  /** Bytes [start, end) of the object (end clipped to its size); throws RemoteObjectNotFoundError when absent. */
  get(key: string, start: number, end: number): Promise<Buffer>;
  /** Deletes the object; deleting an absent one is not an error. */
  delete(key: string): Promise<void>;
  /** Every object whose key starts with `prefix` (relative to the store's prefix), any order. */
  list(prefix: string): AsyncIterable<RemoteObjectInfo>;
  close(): Promise<void>;
}

/** `get` of a key the store does not hold. */
export class RemoteObjectNotFoundError extends Error {
  /**
   * @param message what was asked of which store
   * @param key the missing key, when known
   */
  constructor(message = 'the object is not in the remote store', readonly key?: string) {
    super(message);
    this.name = 'RemoteObjectNotFoundError';
  }
}

/** Any other failure of a store operation: names the store and the operation, and says what to check. */
export class RemoteStoreError extends Error {
  constructor(
    message: string,
    /** The store's description. */
    readonly store: string,
    /** put, get, delete or list. */
    readonly operation: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RemoteStoreError';
  }
}

/**
 * Names of temporary files (fs-store.ts) start with this; no key segment may,
 * so a half-written object can never be mistaken for one.
 */
export const TEMP_NAME_PREFIX = '.eddy-tmp-';

const MAX_KEY_BYTES = 1024;
const MAX_SEGMENT_BYTES = 255;

/** What is wrong with `key` as an object key, or undefined when it is a good one. */
export function objectKeyProblem(key: string): string | undefined {
  if (typeof key !== 'string' || key.length === 0) return 'the key is empty';
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) return `the key is longer than ${MAX_KEY_BYTES} bytes`;
  if (key.startsWith('/')) return 'the key is an absolute path; keys are relative to the store';
  return segmentsProblem(key.split('/'));
}

/** What is wrong with `prefix` as a list prefix ('' = everything), or undefined when it is a good one. */
export function listPrefixProblem(prefix: string): string | undefined {
  if (typeof prefix !== 'string') return 'the prefix is not a string';
  if (prefix === '') return undefined;
  if (Buffer.byteLength(prefix) > MAX_KEY_BYTES) return `the prefix is longer than ${MAX_KEY_BYTES} bytes`;
  if (prefix.startsWith('/')) return 'the prefix is an absolute path; prefixes are relative to the store';
  const segments = prefix.split('/');
  // 'a/b/' ends in a folder: its last (empty) segment is allowed.
  if (segments[segments.length - 1] === '') segments.pop();
  return segmentsProblem(segments);
}

function segmentsProblem(segments: string[]): string | undefined {
  for (const s of segments) {
    if (s === '') return 'the key has an empty segment (a leading, doubled or trailing "/")';
    if (s === '.' || s === '..') return `the key has a "${s}" segment`;
    if (s.includes('\0')) return 'the key contains a NUL character';
    if (s.startsWith(TEMP_NAME_PREFIX)) return `key segments may not start with "${TEMP_NAME_PREFIX}" (reserved for temporary files)`;
    if (Buffer.byteLength(s) > MAX_SEGMENT_BYTES) return `a key segment is longer than ${MAX_SEGMENT_BYTES} bytes`;
  }
  return undefined;
}

/** Throws a clear error for a bad object key. */
export function checkObjectKey(key: string, store: string, operation: string): void {
  const problem = objectKeyProblem(key);
  if (problem) throw new RemoteStoreError(`${operation} ${JSON.stringify(key)} on ${store}: ${problem}. Keys are "/"-separated names like "<topicId>/<partition>/<name>.seg", without ".", ".." or empty segments.`, store, operation);
}

/** Throws a clear error for a bad list prefix. */
export function checkListPrefix(prefix: string, store: string): void {
  const problem = listPrefixProblem(prefix);
  if (problem) throw new RemoteStoreError(`list ${JSON.stringify(prefix)} on ${store}: ${problem}. A prefix is the start of a key, like "<topicId>/<partition>/" or "" for everything.`, store, 'list');
}

/** Throws a clear error for a bad byte range; true when the range is empty. */
export function checkRange(key: string, start: number, end: number, store: string): boolean {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RemoteStoreError(`get ${JSON.stringify(key)} on ${store}: bad byte range [${start}, ${end}): start and end must be whole numbers with 0 <= start <= end.`, store, 'get');
  }
  return end === start;
}
