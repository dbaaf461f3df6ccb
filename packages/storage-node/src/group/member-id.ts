// Who may act as a group member. Without authentication the member id is the
// only thing that tells a member's requests from anyone else's, so it is kept
// as a credential: the member holds it (the coordinator draws a random UUID at
// its join, or takes the id the member joined with) and sends it with every
// heartbeat, commit and leave; nothing else ever sees it. Everything that
// others can read — DescribeGroup, the __consumer_offsets records (any client
// can fetch that topic), log lines — carries the member's public id, a one-way
// hash of the credential. Knowing a public id therefore does not let anyone
// heartbeat, commit or leave in that member's name, or rejoin over it.
//
// (An epoch check would not do: DescribeGroup shows each member's epoch too.)
import { createHash } from 'node:crypto';
import { InvalidRequestError } from '@eddy/protocol';

/** A member id longer than this is refused (a UUID is 36 bytes). */
export const MAX_MEMBER_ID_BYTES = 256;

/** 128 bits of SHA-256, hex: what a member is known as to everyone but itself. */
export function publicMemberId(memberId: string): string {
  return createHash('sha256').update(memberId, 'utf8').digest('hex').slice(0, 32);
}

export function validateMemberId(memberId: string): void {
  if (Buffer.byteLength(memberId, 'utf8') > MAX_MEMBER_ID_BYTES) {
    throw new InvalidRequestError(`member_id is longer than ${MAX_MEMBER_ID_BYTES} bytes; send the member id the coordinator returned at the join (or none to join anew)`);
  }
}
