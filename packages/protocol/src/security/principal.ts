// Principals: who a request comes from, as strings in Kafka's form
// "<type>:<name>". Users ("User:<name>") come from SCRAM logins and from client
// certificates (the subject CN); Eddy nodes ("Node:<id>") from certificates
// carrying the DNS SAN "eddy-node-<id>"; "User:ANONYMOUS" is the caller nothing
// authenticated. Pure: ACLs, quotas and audit lines compare these strings.

export const PrincipalType = {
  user: 'User',
  node: 'Node',
} as const;
export type PrincipalType = (typeof PrincipalType)[keyof typeof PrincipalType];

export interface ParsedPrincipal {
  type: PrincipalType;
  name: string;
}

/** The caller when nothing authenticated it. */
export const ANONYMOUS_USER = 'User:ANONYMOUS';
/** In ACL bindings and quotas: every user. */
export const WILDCARD_USER_PRINCIPAL = 'User:*';

/** SCRAM user names (and so "User:<name>" of SCRAM logins): 1-255 of these characters. */
export const USERNAME_PATTERN = /^[A-Za-z0-9._@-]{1,255}$/;
export const MAX_PRINCIPAL_NAME_LENGTH = 255;

/** Why `name` is not a valid SCRAM user name, or undefined when it is. */
export function usernameProblem(name: string): string | undefined {
  if (USERNAME_PATTERN.test(name)) return undefined;
  if (name.length === 0) return 'the user name is empty; give 1 to 255 characters of [A-Za-z0-9._@-]';
  if (name.length > 255) return `the user name is ${name.length} characters long; use at most 255`;
  return `user name "${name}" may only contain letters, digits and . _ @ -`;
}

export function userPrincipal(name: string): string {
  return `${PrincipalType.user}:${name}`;
}

export function nodePrincipal(nodeId: number): string {
  return `${PrincipalType.node}:${nodeId}`;
}

/** "User:alice" → { type: 'User', name: 'alice' }; undefined when not a valid principal. */
export function parsePrincipal(principal: string): ParsedPrincipal | undefined {
  return principalProblem(principal) === undefined ? split(principal) : undefined;
}

/**
 * Why `principal` is not valid, or undefined. Valid: "User:<name>" (1-255
 * characters without control characters; "*" means every user) and
 * "Node:<id>" (a node id, 0 to 2^31-1).
 */
export function principalProblem(principal: string): string | undefined {
  const parsed = split(principal);
  if (!parsed) return `principal "${principal}" must be "User:<name>" or "Node:<id>", e.g. User:alice`;
  if (parsed.type === PrincipalType.node) {
    return parseNodeId(parsed.name) === undefined ? `principal "${principal}": a node principal is Node:<node id>, e.g. Node:1` : undefined;
  }
  const problem = principalNameProblem(parsed.name);
  return problem === undefined ? undefined : `principal "${principal}": ${problem}`;
}

export function isNodePrincipal(principal: string): boolean {
  return split(principal)?.type === PrincipalType.node;
}

function principalNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty';
  if (name.length > MAX_PRINCIPAL_NAME_LENGTH) return `the name is ${name.length} characters long; use at most ${MAX_PRINCIPAL_NAME_LENGTH}`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'the name contains control characters';
  return undefined;
}

function split(principal: string): ParsedPrincipal | undefined {
  const colon = principal.indexOf(':');
  if (colon < 0) return undefined;
  const type = principal.slice(0, colon);
  if (type !== PrincipalType.user && type !== PrincipalType.node) return undefined;
  return { type, name: principal.slice(colon + 1) };
}

function parseNodeId(raw: string): number | undefined {
  if (!/^(0|[1-9]\d{0,9})$/.test(raw)) return undefined;
  const n = Number(raw);
  return n <= 0x7fffffff ? n : undefined;
}
