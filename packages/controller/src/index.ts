// @eddy/controller: The metadata quorum on @eddy/raft: nodes, topics, placement, configs, admin API.
export {};
