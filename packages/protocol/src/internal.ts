// Test-only surface of @eddy/protocol: not part of the public API.
export {};
