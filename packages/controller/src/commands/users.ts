// Users with SCRAM credentials (docs/architecture.md §7.9). The controller
// derives the credential before the command runs (PBKDF2 is slow and the
// salt random, so neither belongs in a pure command); the command checks the
// name and the limits and turns the credential into a record. The password is
// never an input here, so it can never reach the metadata log.
import { InvalidRequestError, SCRAM_MECHANISMS, UnknownUserError, UserAlreadyExistsError, scramCredentialProblem, usernameProblem, type ScramCredential, type ScramMechanism } from '@eddy/protocol';
import type { MetadataImage } from '../metadata/image.js';
import { records } from '../metadata/records.js';
import { LIMITS } from '../validation/limits.js';
import { runCommand, type CommandResult } from './command-result.js';

export interface UserSummary {
  name: string;
  mechanisms: ScramMechanism[];
}

/** Throws InvalidRequestError when `name` is not a valid user name. */
export function validateUsername(name: string): void {
  const problem = usernameProblem(name);
  if (problem !== undefined) throw new InvalidRequestError(problem);
}

export function createUser(image: MetadataImage, input: { name: string; credential: ScramCredential }): CommandResult<UserSummary> {
  return runCommand(() => {
    validateUsername(input.name);
    const problem = scramCredentialProblem(input.credential);
    if (problem !== undefined) throw new InvalidRequestError(`credential for ${input.name}: ${problem}`);
    const existing = image.users.get(input.name);
    if (existing?.credentials.has(input.credential.mechanism)) {
      throw new UserAlreadyExistsError(`user "${input.name}" already has a ${input.credential.mechanism} credential; delete it first (eddy user delete ${input.name}) to set a new password`);
    }
    if (!existing && image.users.size >= LIMITS.maxUsers) {
      throw new InvalidRequestError(`the cluster already has ${LIMITS.maxUsers} users, the most it keeps; delete users no longer needed first`);
    }
    const mechanisms = sortMechanisms([...(existing?.credentials.keys() ?? []), input.credential.mechanism]);
    return { records: [records.scramCredential(input.name, input.credential)], value: { name: input.name, mechanisms } };
  });
}

/** Removes one mechanism's credential, or (mechanism undefined) all of them. */
export function deleteUser(image: MetadataImage, input: { name: string; mechanism?: ScramMechanism | undefined }): CommandResult<UserSummary> {
  return runCommand(() => {
    validateUsername(input.name);
    const user = image.users.get(input.name);
    const mechanisms = input.mechanism === undefined ? sortMechanisms([...(user?.credentials.keys() ?? [])]) : user?.credentials.has(input.mechanism) ? [input.mechanism] : [];
    if (mechanisms.length === 0) {
      throw new UnknownUserError(`user "${input.name}" has no ${input.mechanism ?? 'SCRAM'} credential; check the name (eddy user list)`);
    }
    return { records: mechanisms.map((m) => records.scramCredentialRemoved(input.name, m)), value: { name: input.name, mechanisms } };
  });
}

/** Names and mechanisms only: salts and keys never leave the image this way. */
export function listUsers(image: MetadataImage): UserSummary[] {
  return [...image.users.values()]
    .map((u) => ({ name: u.name, mechanisms: sortMechanisms([...u.credentials.keys()]) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function sortMechanisms(list: ScramMechanism[]): ScramMechanism[] {
  return SCRAM_MECHANISMS.filter((m) => list.includes(m));
}
