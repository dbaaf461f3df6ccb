// Authentication, authorization and quota logic without I/O (docs/architecture.md §7.9):
// principals, SCRAM credentials, Kafka's ACL model, what each RPC needs, throttling.
export * from './principal.js';
export * from './scram.js';
export * from './acl.js';
export * from './acl-wire.js';
export * from './rpc-permissions.js';
export * from './quota.js';
