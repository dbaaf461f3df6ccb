// Test-only surface of @eddy/raft: not part of the public API.
export {};
