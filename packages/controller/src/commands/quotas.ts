// Quotas per principal (docs/architecture.md §7.9). SetQuota merges: a value
// given replaces the current one, 0 removes that limit, an absent value stays
// as it is; the record carries the principal's whole quota. DeleteQuota
// removes them all (and is a no-op for a principal without quotas, so a retry
// after a lost answer does not fail).
import { InvalidRequestError, principalProblem, QUOTA_KINDS, QUOTA_LIMIT_FIELD, quotaLimitOf, quotaValueProblem, type QuotaLimits } from '@eddy/protocol';
import type { MetadataImage } from '../metadata/image.js';
import { records } from '../metadata/records.js';
import { LIMITS } from '../validation/limits.js';
import { runCommand, type CommandResult } from './command-result.js';

export function validateQuotaPrincipal(principal: string): void {
  const problem = principalProblem(principal);
  if (problem !== undefined) throw new InvalidRequestError(`${problem}; quotas apply to User:<name>, or User:* for every user`);
}

/** `changes`: a value sets it, 0 removes that limit, undefined leaves it. Answers the principal's quotas after. */
export function setQuota(image: MetadataImage, principal: string, changes: QuotaLimits): CommandResult<QuotaLimits> {
  return runCommand(() => {
    validateQuotaPrincipal(principal);
    const next: QuotaLimits = { ...(image.quotas.get(principal) ?? {}) };
    let any = false;
    for (const kind of QUOTA_KINDS) {
      const v = quotaLimitOf(changes, kind);
      if (v === undefined) continue;
      any = true;
      const field = QUOTA_LIMIT_FIELD[kind];
      if (v === 0) {
        delete next[field];
        continue;
      }
      const problem = quotaValueProblem(field, v);
      if (problem !== undefined) throw new InvalidRequestError(problem);
      next[field] = v;
    }
    if (!any) throw new InvalidRequestError('no quota given; set at least one of produce bytes/s, fetch bytes/s, requests/s');
    const empty = QUOTA_KINDS.every((k) => quotaLimitOf(next, k) === undefined);
    if (empty) return { records: image.quotas.has(principal) ? [records.quotaRemoved(principal)] : [], value: next };
    if (!image.quotas.has(principal) && image.quotas.size >= LIMITS.maxQuotas) {
      throw new InvalidRequestError(`${LIMITS.maxQuotas} principals already have quotas, the most the cluster keeps; delete some, or set a default with User:*`);
    }
    return { records: [records.quota(principal, next)], value: next };
  });
}

export function deleteQuota(image: MetadataImage, principal: string): CommandResult<{ removed: boolean }> {
  return runCommand(() => {
    validateQuotaPrincipal(principal);
    const removed = image.quotas.has(principal);
    return { records: removed ? [records.quotaRemoved(principal)] : [], value: { removed } };
  });
}

export function listQuotas(image: MetadataImage): { principal: string; limits: QuotaLimits }[] {
  return [...image.quotas].map(([principal, limits]) => ({ principal, limits })).sort((a, b) => (a.principal < b.principal ? -1 : a.principal > b.principal ? 1 : 0));
}
