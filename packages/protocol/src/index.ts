// @eddy/protocol: the wire contract (gRPC/protobuf), the record-batch v2 codec,
// Kafka's partitioner, the error table, config/logging/async helpers the servers share, and
// the pure security logic (principals, SCRAM, ACLs, RPC permissions, quotas).
export * from './errors/index.js';
export * from './grpc/index.js';
export * from './config/index.js';
export * from './logging/index.js';
export type * as wire from './generated/index.js';
export * from './codec/index.js';
export * from './partitioner/index.js';
export * from './async/within.js';
export * from './security/index.js';
