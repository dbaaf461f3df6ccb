// Authorization in Kafka's ACL model (docs/architecture.md §7.9): a binding lets
// (or forbids) a principal perform an operation on the resources its pattern
// matches. Super users may do anything; otherwise a matching deny wins, then a
// matching allow; no matching binding means no access. Pure: the bindings
// come from the metadata image, the request from the RPC (rpc-permissions.ts).
import { principalProblem, PrincipalType, WILDCARD_USER_PRINCIPAL } from './principal.js';

export const ResourceType = {
  topic: 'topic',
  group: 'group',
  cluster: 'cluster',
  transactionalId: 'transactional_id',
} as const;
export type ResourceType = (typeof ResourceType)[keyof typeof ResourceType];
export const RESOURCE_TYPES: readonly ResourceType[] = Object.values(ResourceType);

/** The one cluster resource's name. */
export const CLUSTER_RESOURCE_NAME = 'eddy-cluster';
/** A literal binding with this name matches every resource of its type. */
export const WILDCARD_RESOURCE = '*';

export const PatternType = {
  literal: 'literal',
  prefixed: 'prefixed',
} as const;
export type PatternType = (typeof PatternType)[keyof typeof PatternType];
export const PATTERN_TYPES: readonly PatternType[] = Object.values(PatternType);

export const AclOperation = {
  read: 'read',
  write: 'write',
  create: 'create',
  delete: 'delete',
  alter: 'alter',
  describe: 'describe',
  describeConfigs: 'describe_configs',
  alterConfigs: 'alter_configs',
  clusterAction: 'cluster_action',
  all: 'all',
} as const;
export type AclOperation = (typeof AclOperation)[keyof typeof AclOperation];
export const ACL_OPERATIONS: readonly AclOperation[] = Object.values(AclOperation);

export const AclPermission = {
  allow: 'allow',
  deny: 'deny',
} as const;
export type AclPermission = (typeof AclPermission)[keyof typeof AclPermission];
export const ACL_PERMISSIONS: readonly AclPermission[] = Object.values(AclPermission);

export interface AclBinding {
  /** "User:<name>", "User:*" (every user) or "Node:<id>". */
  principal: string;
  resourceType: ResourceType;
  resourceName: string;
  patternType: PatternType;
  operation: AclOperation;
  permission: AclPermission;
}

/** Selects bindings field by field; an absent field matches anything. */
export type AclFilter = Partial<AclBinding>;

export interface AuthorizeRequest {
  principal: string;
  resourceType: ResourceType;
  /** The resource acted on (a topic name, a group id, "eddy-cluster", a transactional id). */
  resourceName: string;
  operation: AclOperation;
}

export interface AuthorizeResult {
  allowed: boolean;
  /** Why, for logs and error messages: the binding that decided, or that none matched. */
  reason: string;
}

/** Which operations a resource type has (Kafka's table); bindings for others are refused. */
export const OPERATIONS_BY_RESOURCE: Readonly<Record<ResourceType, readonly AclOperation[]>> = {
  topic: ['read', 'write', 'create', 'delete', 'alter', 'describe', 'describe_configs', 'alter_configs', 'all'],
  group: ['read', 'delete', 'describe', 'all'],
  cluster: ['create', 'alter', 'describe', 'describe_configs', 'alter_configs', 'cluster_action', 'all'],
  transactional_id: ['write', 'describe', 'all'],
};

/** Longest resource name a binding may carry (topic names are at most 249, group ids 255). */
export const MAX_ACL_RESOURCE_NAME_LENGTH = 255;

/** Operations that include `describe` when allowed (Kafka's implication). */
const IMPLIES_DESCRIBE: ReadonlySet<AclOperation> = new Set(['read', 'write', 'delete', 'alter']);

/**
 * Whether a binding for `granted` covers the requested `op`: `all` covers
 * everything; an allowed read, write, delete or alter covers describe; an
 * allowed alter_configs covers describe_configs. Implications apply to allows
 * only: denying read does not deny describe (as in Kafka).
 */
export function operationCovers(granted: AclOperation, op: AclOperation, permission: AclPermission): boolean {
  if (granted === op || granted === AclOperation.all) return true;
  if (permission === AclPermission.deny) return false;
  if (op === AclOperation.describe) return IMPLIES_DESCRIBE.has(granted);
  if (op === AclOperation.describeConfigs) return granted === AclOperation.alterConfigs;
  return false;
}

/** Whether a binding's principal applies to `principal` ("User:*" applies to every user). */
export function principalMatches(bindingPrincipal: string, principal: string): boolean {
  if (bindingPrincipal === principal) return true;
  return bindingPrincipal === WILDCARD_USER_PRINCIPAL && principal.startsWith(`${PrincipalType.user}:`);
}

/** Whether a binding's pattern matches the resource `name` (of the binding's type). */
export function resourceMatches(binding: Pick<AclBinding, 'resourceName' | 'patternType'>, name: string): boolean {
  if (binding.patternType === PatternType.prefixed) return name.startsWith(binding.resourceName);
  return binding.resourceName === WILDCARD_RESOURCE || binding.resourceName === name;
}

/** Whether `binding` applies to `request` (principal, resource and operation), deny or allow. */
export function bindingMatches(binding: AclBinding, request: AuthorizeRequest): boolean {
  return (
    binding.resourceType === request.resourceType &&
    principalMatches(binding.principal, request.principal) &&
    resourceMatches(binding, request.resourceName) &&
    operationCovers(binding.operation, request.operation, binding.permission)
  );
}

/**
 * Kafka's decision: super users always; else any matching deny refuses; else
 * any matching allow permits; else refused ("no ACL means no access").
 */
export function authorize(acls: Iterable<AclBinding>, request: AuthorizeRequest, superUsers: ReadonlySet<string> | readonly string[] = []): AuthorizeResult {
  const supers = superUsers instanceof Set ? superUsers : new Set(superUsers as readonly string[]);
  if (supers.has(request.principal)) return { allowed: true, reason: `${request.principal} is a super user` };
  let allow: AclBinding | undefined;
  for (const b of acls) {
    if (!bindingMatches(b, request)) continue;
    if (b.permission === AclPermission.deny) return { allowed: false, reason: `denied by ACL ${formatAclBinding(b)}` };
    allow ??= b;
  }
  if (allow) return { allowed: true, reason: `allowed by ACL ${formatAclBinding(allow)}` };
  return {
    allowed: false,
    reason: `no ACL allows ${request.principal} to ${request.operation} ${request.resourceType} "${request.resourceName}"; an administrator can grant it (eddy acl add)`,
  };
}

/** Whether `binding` is selected by `filter` (field by field; absent fields match anything). */
export function aclFilterMatches(filter: AclFilter, binding: AclBinding): boolean {
  return (
    (filter.principal === undefined || filter.principal === binding.principal) &&
    (filter.resourceType === undefined || filter.resourceType === binding.resourceType) &&
    (filter.resourceName === undefined || filter.resourceName === binding.resourceName) &&
    (filter.patternType === undefined || filter.patternType === binding.patternType) &&
    (filter.operation === undefined || filter.operation === binding.operation) &&
    (filter.permission === undefined || filter.permission === binding.permission)
  );
}

/**
 * Why a binding cannot be stored, or undefined. Messages say what is wrong and
 * what to do.
 */
export function aclBindingProblem(b: AclBinding): string | undefined {
  const principal = principalProblem(b.principal);
  if (principal !== undefined) return principal;
  if (!RESOURCE_TYPES.includes(b.resourceType)) return `resource type "${String(b.resourceType)}" is unknown; use one of ${RESOURCE_TYPES.join(', ')}`;
  if (!PATTERN_TYPES.includes(b.patternType)) return `pattern type "${String(b.patternType)}" is unknown; use literal or prefixed`;
  if (!ACL_OPERATIONS.includes(b.operation)) return `operation "${String(b.operation)}" is unknown; use one of ${ACL_OPERATIONS.join(', ')}`;
  if (!ACL_PERMISSIONS.includes(b.permission)) return `permission "${String(b.permission)}" is unknown; use allow or deny`;
  if (!OPERATIONS_BY_RESOURCE[b.resourceType].includes(b.operation)) {
    return `operation ${b.operation} does not apply to ${b.resourceType} resources; use one of ${OPERATIONS_BY_RESOURCE[b.resourceType].join(', ')}`;
  }
  if (b.resourceType === ResourceType.cluster) {
    if (b.resourceName !== CLUSTER_RESOURCE_NAME || b.patternType !== PatternType.literal) {
      return `the cluster resource is the literal name "${CLUSTER_RESOURCE_NAME}"; got ${b.patternType} "${b.resourceName}"`;
    }
    return undefined;
  }
  if (b.resourceName.length === 0) return `a ${b.resourceType} binding needs a resource name (or "*" for every ${b.resourceType})`;
  if (b.resourceName.length > MAX_ACL_RESOURCE_NAME_LENGTH) return `resource name is ${b.resourceName.length} characters long; use at most ${MAX_ACL_RESOURCE_NAME_LENGTH}`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(b.resourceName)) return 'the resource name contains control characters';
  if (b.patternType === PatternType.prefixed && b.resourceName === WILDCARD_RESOURCE) {
    return 'a prefixed binding cannot use "*"; for every resource use a literal binding named "*"';
  }
  return undefined;
}

/** A stable identity for a binding (equal bindings, equal keys). */
export function aclBindingKey(b: AclBinding): string {
  return JSON.stringify([b.principal, b.resourceType, b.patternType, b.resourceName, b.operation, b.permission]);
}

/** One line for logs and messages: "allow User:alice read topic orders (prefixed)". */
export function formatAclBinding(b: AclBinding): string {
  return `${b.permission} ${b.principal} ${b.operation} ${b.resourceType} "${b.resourceName}"${b.patternType === PatternType.prefixed ? ' (prefixed)' : ''}`;
}
