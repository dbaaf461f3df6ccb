// @eddy/cli: The eddy command: dev cluster, admin, produce, consume, bench.
export {};
