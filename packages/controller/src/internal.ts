// Test-only surface of @eddy/controller: not part of the public API.
export {};
