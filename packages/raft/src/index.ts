// @eddy/raft: Raft consensus: a pure core plus storage and transport drivers; knows nothing of topics.
export {};
