// Test-only surface of @eddy/client: not part of the public API.
export {};
