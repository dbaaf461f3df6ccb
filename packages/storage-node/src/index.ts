// @eddy/storage-node: Partition replicas (one Raft group each) on LevelDB: produce, fetch, subscribe, group coordinator.
export {};
