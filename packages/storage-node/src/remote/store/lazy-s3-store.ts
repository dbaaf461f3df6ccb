// The S3 store, loaded on its first operation: importing the AWS SDK costs
// about 0.3 s of CPU, which every server process (and every test that starts
// one) would otherwise pay whether or not it has tiered storage.
import type { RemoteObjectInfo, RemoteStore } from './remote-store.js';
import type { S3RemoteStoreOptions } from './s3-config.js';

export class LazyS3RemoteStore implements RemoteStore {
  private store: Promise<RemoteStore> | undefined;

  /** @param description what S3RemoteStore would call itself (remote-storage-url.ts computes it the same way) */
  constructor(
    private readonly options: S3RemoteStoreOptions,
    readonly description: string,
  ) {}

  private loaded(): Promise<RemoteStore> {
    this.store ??= import('./s3-store.js').then((m) => new m.S3RemoteStore(this.options));
    return this.store;
  }

  async put(key: string, body: Buffer): Promise<void> {
    return (await this.loaded()).put(key, body);
  }

  async get(key: string, start: number, end: number): Promise<Buffer> {
    return (await this.loaded()).get(key, start, end);
  }

  async delete(key: string): Promise<void> {
    return (await this.loaded()).delete(key);
  }

  async *list(prefix: string): AsyncIterable<RemoteObjectInfo> {
    yield* (await this.loaded()).list(prefix);
  }

  async close(): Promise<void> {
    if (this.store) await (await this.store).close();
  }
}
