// Test-only surface of @eddy/raft: not part of the public API.
// The deterministic simulator, its checkers and the core internals tests poke at.

export { Raft, StepError } from './core/raft.js';
export { RaftLog } from './core/raft-log.js';
export { Unstable } from './core/unstable.js';
export { Progress, ProgressState } from './core/progress.js';
export { ProgressTracker } from './core/progress-tracker.js';
export { Inflights } from './core/inflights.js';
export { committedIndex, majority, voteResult, VoteResult } from './core/quorum.js';
export { BugKnob, knobsFor } from './core/config.js';
export { Prng } from './sim/prng.js';
export { Network } from './sim/network.js';
export { SafetyChecker, type Violation } from './sim/checkers.js';
export { checkLinearizable, checkRegister, type LinearizabilityResult } from './sim/linearizability.js';
export { OpKind, type Operation } from './sim/history.js';
export { KvStore, encodeCommand, decodeCommand, type Command } from './sim/kv.js';
export { Simulation, runSeed } from './sim/simulator.js';
export { SimProfile, type SimOptions, type SimResult, type SimParams } from './sim/params.js';
