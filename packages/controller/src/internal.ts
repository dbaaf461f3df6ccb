// Test-only surface of @eddy/controller: not part of the public API.
export { CommandQueue } from './service/command-queue.js';
export { ImageFork } from './metadata/image-fork.js';
export { requireCurrentNode } from './commands/node-checks.js';
