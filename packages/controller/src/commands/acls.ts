// ACL bindings (docs/architecture.md §7.9): CreateAcls adds bindings (all or
// none: one invalid binding refuses the request), DeleteAcls removes every
// binding a filter selects and says which. Bindings already present are not
// added twice; the image holds at most LIMITS.maxAcls.
import { aclBindingKey, aclBindingProblem, aclFilterMatches, formatAclBinding, InvalidRequestError, type AclBinding, type AclFilter } from '@eddy/protocol';
import type { MetadataImage } from '../metadata/image.js';
import { records } from '../metadata/records.js';
import { LIMITS } from '../validation/limits.js';
import { runCommand, type CommandResult } from './command-result.js';

export function createAcls(image: MetadataImage, bindings: readonly AclBinding[]): CommandResult<{ created: AclBinding[] }> {
  return runCommand(() => {
    if (bindings.length === 0) throw new InvalidRequestError('no ACL bindings given; pass at least one');
    if (bindings.length > LIMITS.maxAclsPerRequest) throw new InvalidRequestError(`${bindings.length} bindings in one request; send at most ${LIMITS.maxAclsPerRequest} at a time`);
    const fresh = new Map<string, AclBinding>();
    bindings.forEach((b, i) => {
      const problem = aclBindingProblem(b);
      if (problem !== undefined) throw new InvalidRequestError(`ACL binding ${i + 1} (${formatAclBinding(b)}): ${problem}`);
      const key = aclBindingKey(b);
      if (!image.acls.has(key)) fresh.set(key, b);
    });
    if (image.acls.size + fresh.size > LIMITS.maxAcls) {
      throw new InvalidRequestError(`the cluster would hold more than ${LIMITS.maxAcls} ACL bindings; remove bindings no longer needed, or use prefixed and wildcard bindings`);
    }
    const created = [...fresh.values()];
    return { records: created.map((b) => records.aclAdded(b)), value: { created } };
  });
}

export function deleteAcls(image: MetadataImage, filters: readonly AclFilter[]): CommandResult<{ deleted: AclBinding[] }> {
  return runCommand(() => {
    if (filters.length === 0) throw new InvalidRequestError('no ACL filters given; pass at least one (an empty filter matches every binding)');
    if (filters.length > LIMITS.maxAclsPerRequest) throw new InvalidRequestError(`${filters.length} filters in one request; send at most ${LIMITS.maxAclsPerRequest} at a time`);
    const deleted = [...image.acls.values()].filter((b) => filters.some((f) => aclFilterMatches(f, b)));
    return { records: deleted.map((b) => records.aclRemoved(b)), value: { deleted } };
  });
}

export function listAcls(image: MetadataImage, filter: AclFilter = {}): AclBinding[] {
  return [...image.acls.values()].filter((b) => aclFilterMatches(filter, b));
}
