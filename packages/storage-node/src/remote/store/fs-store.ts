// The remote tier on a file system (docs/architecture.md §8, issue #21): a
// directory, usually a shared volume (NFS, a Kubernetes ReadWriteMany volume)
// or, for one machine, a local disk; `file:///var/lib/eddy/remote`. A key's
// "/"-separated segments are folders and a file name under the directory.
//
// An object is whole or absent, even after a crash: `put` writes a temporary
// file next to the final one, syncs it, renames it into place and syncs the
// folder (and any folder it had to create). Temporary files are named
// `.eddy-tmp-<random>`, a name no key can have; `list` never reports them and
// removes ones left by a crash once they are an hour old (a younger one may be a
// `put` still under way, on this node or another sharing the volume).
//
// The store's directory must exist: it is not created, so that a volume that
// failed to mount is an error rather than objects quietly written to (and read
// as missing from) the directory beneath the mount point.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, rmdir, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  RemoteObjectNotFoundError,
  RemoteStoreError,
  TEMP_NAME_PREFIX,
  checkListPrefix,
  checkObjectKey,
  checkRange,
  type RemoteObjectInfo,
  type RemoteStore,
} from './remote-store.js';

/** Temporary files at least this old are left-overs of a crash: `list` removes them. */
export const STALE_TEMP_MS = 60 * 60 * 1000;

export interface FileRemoteStoreOptions {
  /** Absolute path of the store's directory, which must exist (folders under it are made as needed). */
  directory: string;
  /** Age after which `list` removes a temporary file (default STALE_TEMP_MS). */
  staleTempMs?: number;
}

/** A RemoteStore over a directory. */
export class FileRemoteStore implements RemoteStore {
  readonly description: string;
  private readonly root: string;
  private readonly staleTempMs: number;

  constructor(options: FileRemoteStoreOptions) {
    if (!path.isAbsolute(options.directory)) {
      throw new Error(`the file remote store needs an absolute directory, not ${JSON.stringify(options.directory)}: write it as file:///absolute/path`);
    }
    this.root = path.resolve(options.directory);
    this.description = pathToFileURL(this.root).href;
    this.staleTempMs = options.staleTempMs ?? STALE_TEMP_MS;
  }

  async put(key: string, body: Buffer): Promise<void> {
    checkObjectKey(key, this.description, 'put');
    await this.checkRoot('put', key);
    const file = this.pathOf(key);
    const dir = path.dirname(file);
    // Twice at most: a `delete` of the folder's last object may remove the folder
    // between our mkdir and our write.
    for (let attempt = 0; ; attempt++) {
      try {
        const created = await mkdir(dir, { recursive: true });
        await writeWhole(dir, file, body);
        for (const d of foldersToSync(dir, created)) await syncFolder(d);
        return;
      } catch (err) {
        if (attempt === 0 && codeOf(err) === 'ENOENT') continue;
        throw this.failure('put', key, err);
      }
    }
  }

  async get(key: string, start: number, end: number): Promise<Buffer> {
    checkObjectKey(key, this.description, 'get');
    const empty = checkRange(key, start, end, this.description);
    let handle: FileHandle;
    try {
      handle = await open(this.pathOf(key), 'r');
    } catch (err) {
      if (isAbsent(err)) {
        await this.checkRoot('get', key);
        throw this.notFound(key);
      }
      throw this.failure('get', key, err);
    }
    try {
      const info = await handle.stat();
      // A folder is not an object (a key 'a' while objects 'a/...' exist).
      if (!info.isFile()) throw this.notFound(key);
      const to = Math.min(end, info.size);
      if (empty || start >= to) return Buffer.alloc(0);
      const buf = Buffer.allocUnsafe(to - start);
      let filled = 0;
      while (filled < buf.length) {
        const { bytesRead } = await handle.read(buf, filled, buf.length - filled, start + filled);
        if (bytesRead === 0) break; // the file shrank: only by someone writing in the store behind our back
        filled += bytesRead;
      }
      return filled === buf.length ? buf : buf.subarray(0, filled);
    } catch (err) {
      if (err instanceof RemoteObjectNotFoundError) throw err;
      throw this.failure('get', key, err);
    } finally {
      await handle.close();
    }
  }

  async delete(key: string): Promise<void> {
    checkObjectKey(key, this.description, 'delete');
    const file = this.pathOf(key);
    try {
      await unlink(file);
    } catch (err) {
      // Absent, or a folder rather than an object: nothing to delete.
      if (codeOf(err) === 'EISDIR') return;
      if (isAbsent(err)) return this.checkRoot('delete', key);
      throw this.failure('delete', key, err);
    }
    await this.removeEmptyFolders(path.dirname(file));
  }

  async *list(prefix: string): AsyncIterable<RemoteObjectInfo> {
    checkListPrefix(prefix, this.description);
    // Walk from the deepest folder the prefix names whole.
    const slash = prefix.lastIndexOf('/');
    const base = slash < 0 ? '' : prefix.slice(0, slash);
    await this.checkRoot('list', prefix);
    yield* this.walk(base, prefix);
  }

  async close(): Promise<void> {
    // Nothing is held open between calls.
  }

  private pathOf(key: string): string {
    return path.join(this.root, ...key.split('/'));
  }

  private async *walk(folderKey: string, prefix: string): AsyncGenerator<RemoteObjectInfo> {
    const folder = folderKey === '' ? this.root : this.pathOf(folderKey);
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (err) {
      if (isAbsent(err)) return;
      throw this.failure('list', prefix, err);
    }
    for (const entry of entries) {
      if (entry.name.startsWith(TEMP_NAME_PREFIX)) {
        await this.removeIfStale(path.join(folder, entry.name));
        continue;
      }
      const key = folderKey === '' ? entry.name : `${folderKey}/${entry.name}`;
      if (entry.isDirectory()) {
        const asFolder = `${key}/`;
        if (asFolder.startsWith(prefix) || prefix.startsWith(asFolder)) yield* this.walk(key, prefix);
      } else if (entry.isFile() && key.startsWith(prefix)) {
        let info;
        try {
          info = await stat(path.join(folder, entry.name));
        } catch (err) {
          if (isAbsent(err)) continue; // deleted while we walked
          throw this.failure('list', prefix, err);
        }
        yield { key, size: info.size, lastModifiedMs: Math.floor(info.mtimeMs) };
      }
    }
  }

  /** Removes a crash's left-over temporary file; best effort (another node may be doing the same). */
  private async removeIfStale(file: string): Promise<void> {
    try {
      const info = await stat(file);
      if (Date.now() - info.mtimeMs >= this.staleTempMs) await rm(file, { force: true });
    } catch {
      // Gone already, or not ours to remove: the next list tries again.
    }
  }

  /** Removes folders a delete left empty, up to (not including) the store's directory. */
  private async removeEmptyFolders(from: string): Promise<void> {
    for (let dir = from; dir !== this.root && dir.startsWith(this.root + path.sep); dir = path.dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        return; // not empty (or already gone): stop climbing
      }
    }
  }

  /** Throws a clear error when the store's directory is missing (a volume not mounted, a typo). */
  private async checkRoot(operation: string, key: string): Promise<void> {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(this.root)).isDirectory();
    } catch (err) {
      if (!isAbsent(err)) throw this.failure(operation, key, err);
      isDirectory = false;
    }
    if (!isDirectory) {
      throw new RemoteStoreError(
        `${operation} ${JSON.stringify(key)} on ${this.description} failed: the directory ${this.root} does not exist (or is not a directory); create it, or mount the volume the remote storage URL names there`,
        this.description,
        operation,
      );
    }
  }

  private notFound(key: string): RemoteObjectNotFoundError {
    return new RemoteObjectNotFoundError(`get ${JSON.stringify(key)}: no such object in ${this.description}`, key);
  }

  private failure(operation: string, key: string, err: unknown): RemoteStoreError {
    const code = codeOf(err);
    const hint = code === 'ENOTDIR' || code === 'EISDIR' || code === 'EEXIST'
      ? 'a key cannot be both an object and a folder of objects on a file store; check what else writes to this directory'
      : code === 'ENOSPC' || code === 'EDQUOT'
        ? 'the volume is full: free space on it or give the store a bigger one'
        : 'check that the directory exists on a mounted volume and that this process may read and write it';
    return new RemoteStoreError(`${operation} ${JSON.stringify(key)} on ${this.description} failed: ${(err as Error).message ?? String(err)}; ${hint}`, this.description, operation, { cause: err });
  }
}

/** Writes `body` to a temporary file in `dir`, syncs it and renames it to `file`. */
async function writeWhole(dir: string, file: string, body: Buffer): Promise<void> {
  const temp = path.join(dir, `${TEMP_NAME_PREFIX}${randomBytes(8).toString('hex')}`);
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(body);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/**
 * The folders whose entries a put changed: the object's own folder, and when
 * mkdir created folders (`created` is the first one), every parent up to the one
 * holding the first created folder.
 */
export function foldersToSync(dir: string, created: string | undefined): string[] {
  const out = [dir];
  if (created === undefined) return out;
  const top = path.dirname(created);
  for (let d = dir; d !== top && d !== path.dirname(d); ) {
    d = path.dirname(d);
    out.push(d);
  }
  return out;
}

async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function codeOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

function isAbsent(err: unknown): boolean {
  const code = codeOf(err);
  return code === 'ENOENT' || code === 'ENOTDIR';
}
