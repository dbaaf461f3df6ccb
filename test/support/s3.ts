// A real S3-protocol server (s3rver) for cluster tests: 127.0.0.1, a free port,
// one bucket, objects in a temp directory. Its own small copy of
// packages/storage-node/test/remote/s3rver.ts (workspaces do not import each
// other's tests): a child process with --openssl-legacy-provider, because
// s3rver's list continuation tokens use DES; it exits when its stdin closes.
// pause() and resume() stop it and start it again on the same port and
// directory: the object store unreachable for a while, then back as it was.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** s3rver takes any access key; give these to the nodes' environment. */
export const S3RVER_ENV = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };

export interface TestS3 {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  bucket: string;
  dir: string;
  /** The remote storage URL of `prefix` in the bucket: s3://<bucket>/<prefix>?endpoint=<endpoint>. */
  url(prefix?: string): string;
  /** Stops the server but keeps its directory: the store is unreachable until resume(). */
  pause(): Promise<void>;
  /** Starts the server again on the same port with the same directory (the objects stored before are there). */
  resume(): Promise<void>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

const CHILD = `const s = new (require(process.argv[1]))(JSON.parse(process.argv[2]));
s.run().then(({ port }) => console.log(port), (e) => { console.error(e); process.exit(1); });
process.stdin.on('end', () => s.close().finally(() => process.exit(0))).resume();`;

/** One s3rver child on `port` (0: a free one); resolves once it listens. */
async function runServer(options: object): Promise<{ port: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', CHILD, createRequire(import.meta.url).resolve('s3rver'), JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`s3rver exited (status ${code}) before it listened`)));
  });
  return {
    port,
    async stop() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function startS3(bucket = 'eddy-test'): Promise<TestS3> {
  const dir = mkdtempSync(path.join(tmpdir(), 'eddy-s3-'));
  const options = { port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: bucket }] };
  let server: Awaited<ReturnType<typeof runServer>> | undefined = await runServer(options);
  const port = server.port;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    dir,
    url: (prefix = '') => `s3://${bucket}/${prefix}?endpoint=${endpoint}`,
    async pause() {
      await server?.stop();
      server = undefined;
    },
    async resume() {
      server ??= await runServer({ ...options, port: Number(port) });
    },
    async stop() {
      await server?.stop();
      server = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
