/** Message size limits shared by servers and clients: a fetch of many batches can be large. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
