// What the Python interop tests share: whether Debian's python3-grpcio, protoc
// and its gRPC plugin are here (.ci/run installs them; elsewhere the tests are
// skipped and say so, and CI fails instead), and the stubs protoc generates
// from proto/ into a directory the script puts on its path.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PYTHON = '/usr/bin/python3';
export const PYTHON_DIR = path.dirname(fileURLToPath(import.meta.url));
const PROTO_ROOT = path.resolve(PYTHON_DIR, '../../proto');
const PROTO_FILES = ['admin', 'cluster', 'fetch', 'group', 'metadata', 'produce', 'raft', 'records'];

/** True when the tools are installed; otherwise warns (or throws on CI, which must install them). */
export function pythonGrpcAvailable(test: string): boolean {
  const py = spawnSync(PYTHON, ['-c', 'import grpc, google.protobuf'], { stdio: 'ignore' });
  const protoc = spawnSync('protoc', ['--version'], { stdio: 'ignore' });
  const plugin = spawnSync('which', ['grpc_python_plugin'], { stdio: 'ignore' });
  if (py.status === 0 && protoc.status === 0 && plugin.status === 0) return true;
  const msg = `${test}: needs python3-grpcio, protobuf-compiler and protobuf-compiler-grpc (apt-get install them)`;
  if (process.env.CI) throw new Error(`${msg}; CI must install them`);
  console.warn(`SKIPPING ${msg}`);
  return false;
}

/** Generates the Python message and service stubs for proto/eddy/v1 into `dir` (as the package eddy.v1). */
export function generatePythonStubs(dir: string): void {
  const plugin = execFileSync('which', ['grpc_python_plugin']).toString().trim();
  execFileSync('protoc', ['-I', PROTO_ROOT, `--python_out=${dir}`, `--grpc_out=${dir}`, `--plugin=protoc-gen-grpc=${plugin}`, ...PROTO_FILES.map((f) => path.join(PROTO_ROOT, `eddy/v1/${f}.proto`))]);
}
