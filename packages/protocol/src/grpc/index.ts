export * from './loader.js';
export * from './server.js';
export * from './messages.js';
export * from './unary.js';
export * from './tls.js';
export * from './caller.js';
export * from './receive-limits.js';
