export * from './error-codes.js';
export * from './eddy-error.js';
export * from './grpc-errors.js';
