// Topic ids: 16 random bytes as 22 characters of base64url (the size of
// Kafka's UUID topic ids). Randomness is injected so commands stay pure and
// tests can fix it; collisions with existing ids are drawn again.
import type { MetadataImage } from '../metadata/image.js';

/** Returns `n` random bytes (node:crypto's randomBytes in production, a seeded source in tests). */
export type RandomBytes = (n: number) => Uint8Array;

export function newTopicId(image: MetadataImage, randomBytes: RandomBytes): string {
  for (;;) {
    const id = Buffer.from(randomBytes(16)).toString('base64url');
    if (!image.topicNamesById.has(id)) return id;
  }
}
