export * from './logger.js';
export * from './rate-limited.js';
