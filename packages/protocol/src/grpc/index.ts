export * from './loader.js';
export * from './server.js';
