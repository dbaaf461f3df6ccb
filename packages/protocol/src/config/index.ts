export * from './load-config.js';
export * from './topic-config.js';
export * from './internal-topics.js';
