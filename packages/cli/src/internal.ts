// Test-only surface of @eddy/cli: not part of the public API.
export {};
