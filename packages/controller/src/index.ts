// @eddy/controller: the metadata quorum's logic and services — the metadata
// image and its records, replica placement, validation, commands, node
// sessions, the Controller service and its gRPC handlers — over a replicated
// metadata log (MetadataLog), which @eddy/raft implements.
export * from './metadata/image.js';
export * from './metadata/records.js';
export * from './metadata/apply-record.js';
export * from './metadata/snapshot.js';
export * from './metadata/views.js';
export * from './placement/replica-placement.js';
export * from './placement/assignment-load.js';
export * from './validation/limits.js';
export * from './validation/topic-name.js';
export * from './validation/partition-count.js';
export * from './validation/replication-factor.js';
export * from './validation/topic-configs.js';
export * from './commands/command-result.js';
export * from './commands/topic-id.js';
export * from './commands/create-topic.js';
export * from './commands/delete-topic.js';
export * from './commands/create-partitions.js';
export * from './commands/alter-configs.js';
export * from './commands/register-node.js';
export * from './commands/node-heartbeat.js';
export * from './commands/report-leaders.js';
export * from './commands/allocate-producer-ids.js';
export * from './commands/users.js';
export * from './commands/acls.js';
export * from './commands/quotas.js';
export * from './session/session-tracker.js';
export type * from './log/metadata-log.js';
export * from './log/memory-metadata-log.js';
export * from './log/raft-metadata-log.js';
export * from './metrics/controller-metrics.js';
export * from './service/controller.js';
export * from './service/metadata-watch.js';
export * from './service/command-batcher.js';
export * from './service/describe.js';
export * from './service/session-timer.js';
export * from './grpc/add-controller-services.js';
export * from './grpc/admin-forwarder.js';
export * from './grpc/admin-handlers.js';
export * from './grpc/controller-handlers.js';
export * from './grpc/metadata-handlers.js';
