// Test-only surface of @eddy/storage-node: not part of the public API.
export {};
