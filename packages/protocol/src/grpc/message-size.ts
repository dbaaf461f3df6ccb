/** Message size limits shared by servers and clients: a fetch of many batches can be large. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/**
 * Reconnect backoff of node-to-node channels (Raft, the controller link,
 * forwarded admin calls): back within a second once the peer is. grpc-js's
 * default backs off up to 120 s, so a link that failed through a long fault
 * stayed down that long after it healed.
 */
export const NODE_RECONNECT_BACKOFF = Object.freeze({
  'grpc.initial_reconnect_backoff_ms': 100,
  'grpc.max_reconnect_backoff_ms': 1_000,
});
