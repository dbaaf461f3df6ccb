// What a command returns: the records to append (as one atomic batch) and a
// value for the caller, or the typed error that explains the refusal. A
// refused command appends nothing, so bad input changes nothing (docs/architecture.md §15).
import { EddyError } from '@eddy/protocol';
import type { MetadataRecord } from '../metadata/image.js';

export type CommandResult<T> = { ok: true; records: MetadataRecord[]; value: T } | { ok: false; error: EddyError };

/**
 * Runs a command body whose validators throw EddyErrors. Anything else thrown
 * is a bug and propagates rather than being dressed up as a user error.
 */
export function runCommand<T>(body: () => { records: MetadataRecord[]; value: T }): CommandResult<T> {
  try {
    const { records, value } = body();
    return { ok: true, records, value };
  } catch (err) {
    if (err instanceof EddyError) return { ok: false, error: err };
    throw err;
  }
}
