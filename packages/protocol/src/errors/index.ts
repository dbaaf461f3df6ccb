export * from './error-codes.js';
export * from './eddy-error.js';
export * from './grpc-errors.js';
export * from './error-info.js';
