// Conversions between the wire's enums (AclBinding, AclFilter, ScramMechanism,
// Quota in admin.proto) and the model's lower-case names, shared by the
// controller, the storage nodes and the client so the two spellings never
// drift apart. Unknown or unspecified wire values come back as undefined.
import type * as wire from '../generated/index.js';
import type { AclBinding, AclFilter, AclOperation, AclPermission, PatternType, ResourceType } from './acl.js';
import type { QuotaLimits } from './quota.js';
import type { ScramMechanism } from './scram.js';

const RESOURCE = {
  topic: 'ACL_RESOURCE_TYPE_TOPIC',
  group: 'ACL_RESOURCE_TYPE_GROUP',
  cluster: 'ACL_RESOURCE_TYPE_CLUSTER',
  transactional_id: 'ACL_RESOURCE_TYPE_TRANSACTIONAL_ID',
} as const satisfies Record<ResourceType, wire.AclResourceType__Output>;
const PATTERN = { literal: 'ACL_PATTERN_TYPE_LITERAL', prefixed: 'ACL_PATTERN_TYPE_PREFIXED' } as const satisfies Record<PatternType, wire.AclPatternType__Output>;
const OPERATION = {
  read: 'ACL_OPERATION_READ',
  write: 'ACL_OPERATION_WRITE',
  create: 'ACL_OPERATION_CREATE',
  delete: 'ACL_OPERATION_DELETE',
  alter: 'ACL_OPERATION_ALTER',
  describe: 'ACL_OPERATION_DESCRIBE',
  describe_configs: 'ACL_OPERATION_DESCRIBE_CONFIGS',
  alter_configs: 'ACL_OPERATION_ALTER_CONFIGS',
  cluster_action: 'ACL_OPERATION_CLUSTER_ACTION',
  all: 'ACL_OPERATION_ALL',
} as const satisfies Record<AclOperation, wire.AclOperation__Output>;
const PERMISSION = { allow: 'ACL_PERMISSION_ALLOW', deny: 'ACL_PERMISSION_DENY' } as const satisfies Record<AclPermission, wire.AclPermission__Output>;
const MECHANISM = { 'SCRAM-SHA-256': 'SCRAM_MECHANISM_SCRAM_SHA_256', 'SCRAM-SHA-512': 'SCRAM_MECHANISM_SCRAM_SHA_512' } as const satisfies Record<ScramMechanism, wire.ScramMechanism__Output>;

function invert<K extends string, V extends string>(m: Record<K, V>): ReadonlyMap<string, K> {
  return new Map(Object.entries(m).map(([k, v]) => [v as string, k as K]));
}
const RESOURCE_BACK = invert(RESOURCE);
const PATTERN_BACK = invert(PATTERN);
const OPERATION_BACK = invert(OPERATION);
const PERMISSION_BACK = invert(PERMISSION);
const MECHANISM_BACK = invert(MECHANISM);

export const aclWire = {
  resourceType: (t: ResourceType): wire.AclResourceType__Output => RESOURCE[t],
  patternType: (t: PatternType): wire.AclPatternType__Output => PATTERN[t],
  operation: (o: AclOperation): wire.AclOperation__Output => OPERATION[o],
  permission: (p: AclPermission): wire.AclPermission__Output => PERMISSION[p],
  mechanism: (m: ScramMechanism): wire.ScramMechanism__Output => MECHANISM[m],
};

export const aclFromWire = {
  resourceType: (t: string | undefined): ResourceType | undefined => (t === undefined ? undefined : RESOURCE_BACK.get(t)),
  patternType: (t: string | undefined): PatternType | undefined => (t === undefined ? undefined : PATTERN_BACK.get(t)),
  operation: (o: string | undefined): AclOperation | undefined => (o === undefined ? undefined : OPERATION_BACK.get(o)),
  permission: (p: string | undefined): AclPermission | undefined => (p === undefined ? undefined : PERMISSION_BACK.get(p)),
  mechanism: (m: string | undefined): ScramMechanism | undefined => (m === undefined ? undefined : MECHANISM_BACK.get(m)),
};

export function aclBindingToWire(b: AclBinding): wire.AclBinding__Output {
  return {
    principal: b.principal,
    resourceType: RESOURCE[b.resourceType],
    resourceName: b.resourceName,
    patternType: PATTERN[b.patternType],
    operation: OPERATION[b.operation],
    permission: PERMISSION[b.permission],
  };
}

/** The binding, or a message naming the field that is unspecified or unknown. */
export function aclBindingFromWire(w: wire.AclBinding__Output): AclBinding | string {
  const resourceType = aclFromWire.resourceType(w.resourceType);
  if (!resourceType) return `resource type ${w.resourceType} is not one of topic, group, cluster, transactional_id`;
  const patternType = aclFromWire.patternType(w.patternType);
  if (!patternType) return `pattern type ${w.patternType} is not literal or prefixed`;
  const operation = aclFromWire.operation(w.operation);
  if (!operation) return `operation ${w.operation} is unknown`;
  const permission = aclFromWire.permission(w.permission);
  if (!permission) return `permission ${w.permission} is not allow or deny`;
  return { principal: w.principal, resourceType, resourceName: w.resourceName, patternType, operation, permission };
}

/** A filter; empty strings and unspecified enums match anything. */
export function aclFilterFromWire(w: wire.AclFilter__Output | null | undefined): AclFilter {
  const f: AclFilter = {};
  if (!w) return f;
  if (w.principal !== '') f.principal = w.principal;
  const resourceType = aclFromWire.resourceType(w.resourceType);
  if (resourceType) f.resourceType = resourceType;
  if (w.resourceName !== '') f.resourceName = w.resourceName;
  const patternType = aclFromWire.patternType(w.patternType);
  if (patternType) f.patternType = patternType;
  const operation = aclFromWire.operation(w.operation);
  if (operation) f.operation = operation;
  const permission = aclFromWire.permission(w.permission);
  if (permission) f.permission = permission;
  return f;
}

export function aclFilterToWire(f: AclFilter): wire.AclFilter__Output {
  return {
    principal: f.principal ?? '',
    resourceType: f.resourceType ? RESOURCE[f.resourceType] : 'ACL_RESOURCE_TYPE_UNSPECIFIED',
    resourceName: f.resourceName ?? '',
    patternType: f.patternType ? PATTERN[f.patternType] : 'ACL_PATTERN_TYPE_UNSPECIFIED',
    operation: f.operation ? OPERATION[f.operation] : 'ACL_OPERATION_UNSPECIFIED',
    permission: f.permission ? PERMISSION[f.permission] : 'ACL_PERMISSION_UNSPECIFIED',
  };
}

export function quotaToWire(principal: string, limits: QuotaLimits): wire.Quota__Output {
  const q: wire.Quota__Output = { principal };
  if (limits.produceBytesPerSec !== undefined) q.produceBytesPerSec = String(limits.produceBytesPerSec);
  if (limits.fetchBytesPerSec !== undefined) q.fetchBytesPerSec = String(limits.fetchBytesPerSec);
  if (limits.requestsPerSec !== undefined) q.requestsPerSec = String(limits.requestsPerSec);
  return q;
}

/** The limits a wire Quota names (present fields only); values are not range-checked here. */
export function quotaFromWire(w: wire.Quota__Output): QuotaLimits {
  const limits: QuotaLimits = {};
  if (w.produceBytesPerSec !== undefined && w.produceBytesPerSec !== null) limits.produceBytesPerSec = Number(w.produceBytesPerSec);
  if (w.fetchBytesPerSec !== undefined && w.fetchBytesPerSec !== null) limits.fetchBytesPerSec = Number(w.fetchBytesPerSec);
  if (w.requestsPerSec !== undefined && w.requestsPerSec !== null) limits.requestsPerSec = Number(w.requestsPerSec);
  return limits;
}
