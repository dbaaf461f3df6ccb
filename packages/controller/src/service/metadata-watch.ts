// The metadata stream (WatchMetadata): a subscriber gets the image, then each
// committed batch of records as one delta (a topic arrives with its
// partitions). Recent records are kept so a subscriber that reconnects with
// the version it has gets what it missed in one delta; one further behind
// than that window (or with version 0) gets the whole image first.
import type { wire } from '@eddy/protocol';
import type { MetadataImage, MetadataRecord } from '../metadata/image.js';
import { imageToRecords } from '../metadata/snapshot.js';

export type WatchEvent = wire.WatchMetadataResponse__Output;
export type WatchListener = (event: WatchEvent) => void;

export const DEFAULT_REPLAY_LIMIT = 10_000;

export class MetadataWatch {
  private readonly listeners = new Set<WatchListener>();
  /** Recent records; recent[i] has version replayStart + 1 + i. */
  private recent: MetadataRecord[] = [];
  private replayStart: number;

  constructor(
    private readonly image: () => MetadataImage,
    private readonly replayLimit = DEFAULT_REPLAY_LIMIT,
  ) {
    this.replayStart = image().version;
  }

  /** Subscribes from `fromVersion` (what the caller already has). Returns the unsubscribe function. */
  subscribe(fromVersion: number, listener: WatchListener): () => void {
    const image = this.image();
    if (fromVersion <= 0 || fromVersion < this.replayStart || fromVersion > image.version) {
      // A version beyond ours cannot come from this history's past; start the caller over.
      listener(imageEvent(image));
    } else {
      const missed = this.recent.slice(fromVersion - this.replayStart, image.version - this.replayStart);
      if (missed.length > 0) listener(deltaEvent(image.version, missed));
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records committed together were applied; the last one has version `lastVersion`. */
  batchApplied(lastVersion: number, records: readonly MetadataRecord[]): void {
    if (records.length === 0) return;
    this.recent.push(...records);
    if (this.recent.length > this.replayLimit * 2) {
      const drop = this.recent.length - this.replayLimit;
      this.recent = this.recent.slice(drop);
      this.replayStart += drop;
    }
    const event = deltaEvent(lastVersion, records);
    for (const l of this.listeners) this.notify(l, event);
  }

  /** The image was replaced wholesale (a snapshot was installed): everyone starts over from it. */
  imageReplaced(): void {
    const image = this.image();
    this.recent = [];
    this.replayStart = image.version;
    const event = imageEvent(image);
    for (const l of this.listeners) this.notify(l, event);
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  private notify(listener: WatchListener, event: WatchEvent): void {
    try {
      listener(event);
    } catch {
      // A broken subscriber (e.g. a closed stream) must not stop the state machine; it is dropped.
      this.listeners.delete(listener);
    }
  }
}

export function imageEvent(image: MetadataImage): WatchEvent {
  return { event: 'image', image: { version: String(image.version), clusterId: image.clusterId, records: imageToRecords(image) } };
}

function deltaEvent(lastVersion: number, records: readonly MetadataRecord[]): WatchEvent {
  return { event: 'delta', delta: { version: String(lastVersion), records: [...records] } };
}
