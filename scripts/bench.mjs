#!/usr/bin/env node
// `pnpm bench <name> [args]`: runs one benchmark file with tsx. Benchmarks are
// separate from tests (docs/architecture.md §19); each prints a table and one JSON line.
// Add a benchmark by adding a line to BENCHES.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const BENCHES = {
  codec: 'packages/protocol/bench/codec.bench.ts',
  raft: 'packages/raft/bench/raft.bench.ts',
  controller: 'packages/controller/bench/controller.bench.ts',
  produce: 'test/bench/produce.bench.ts',
  'consumer-group': 'packages/storage-node/bench/consumer-group.bench.ts',
  e2e: 'test/bench/produce.bench.ts',
  catchup: 'test/bench/produce.bench.ts',
  reassign: 'test/bench/reassign.bench.ts',
  idle: 'test/bench/idle.bench.ts',
};

const [name, ...args] = process.argv.slice(2);
const file = name === undefined ? undefined : BENCHES[name];
if (file === undefined) {
  console.error(`usage: pnpm bench <name> [args]\nbenchmarks: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(name === undefined ? 0 : 2);
}
const path = join(root, file);
if (!existsSync(path)) {
  console.error(`benchmark "${name}" is registered but ${file} does not exist`);
  process.exit(2);
}
// Resolve tsx from the repo (a root devDependency), whatever the caller's cwd.
const tsx = import.meta.resolve('tsx');
// One file may serve several names (produce, e2e, catchup); it reads EDDY_BENCH.
const result = spawnSync(process.execPath, ['--import', tsx, path, ...args], { stdio: 'inherit', cwd: root, env: { ...process.env, EDDY_BENCH: name } });
process.exit(result.status ?? 1);
