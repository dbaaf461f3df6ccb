// @eddy/protocol: Wire contract (gRPC/protobuf), record-batch v2 codec, partitioner, error table, config and logging helpers.
export {};
