// A real S3-protocol server for tests: s3rver on 127.0.0.1 and a free port,
// with one bucket, objects in a temp directory. It runs in a child process
// started with --openssl-legacy-provider: s3rver's ListObjectsV2 continuation
// tokens use DES, which Node 20's OpenSSL refuses otherwise (a list of more
// than one page would fail with a 500). The child exits when its stdin closes,
// so it never outlives the test process.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** Any access key works with s3rver; these are the ones its docs use. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface RunningS3rver {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  bucket: string;
  /** Where s3rver keeps the objects. */
  dir: string;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

// Runs in the child: argv[1] is s3rver's path, argv[2] its options; prints the port.
const CHILD = `
const S3rver = require(process.argv[1]);
const server = new S3rver(JSON.parse(process.argv[2]));
server.run().then(({ port }) => console.log(JSON.stringify({ port })), (err) => { console.error(err); process.exit(1); });
process.stdin.on('end', () => server.close().finally(() => process.exit(0)));
process.stdin.resume();
`;

/** Starts s3rver with one (empty) bucket. */
export async function startS3rver(bucket = 'eddy-test'): Promise<RunningS3rver> {
  const dir = mkdtempSync(path.join(tmpdir(), 'eddy-s3rver-'));
  const options = { port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: bucket }] };
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', CHILD, createRequire(import.meta.url).resolve('s3rver'), JSON.stringify(options)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`s3rver exited (status ${code}) before it listened`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    dir,
    async stop() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
