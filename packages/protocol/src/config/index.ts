export * from './load-config.js';
export * from './topic-config.js';
