// Runs the eddy CLI as a user would: a child process of the built bin, its
// stdout collected as lines, stdin optional. EDDY_BOOTSTRAP is cleared so a
// test's --bootstrap is the only cluster a command can find.
import { spawn, type ChildProcess } from 'node:child_process';
import { EDDY_BIN } from './server-cluster.js';

export interface CliProcess {
  child: ChildProcess;
  /** Complete stdout lines so far. */
  lines: string[];
  stderr: () => string;
  /** The exit code (null when killed by a signal), once its output is all read. */
  exit: Promise<number | null>;
}

/** Starts `eddy ARGS`; the caller stops it (e.g. SIGINT) and awaits `exit`. */
export function startCli(args: readonly string[], input?: string): CliProcess {
  const child = spawn(process.execPath, [EDDY_BIN, ...args], { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], env: { ...process.env, EDDY_BOOTSTRAP: '' } });
  if (input !== undefined) child.stdin!.end(input);
  const lines: string[] = [];
  let partial = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  // 'close', not 'exit': every byte of its output has been read by then.
  const exit = new Promise<number | null>((resolve) =>
    child.once('close', (code) => {
      if (partial !== '') lines.push(partial);
      resolve(code);
    }),
  );
  return { child, lines, stderr: () => err, exit };
}

/** Runs `eddy ARGS` to its end. */
export async function runCli(args: readonly string[], input?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const p = startCli(args, input);
  const status = await p.exit;
  return { status, stdout: p.lines.join('\n'), stderr: p.stderr() };
}

/** Kills what is still running (test cleanup). */
export function killAll(processes: readonly CliProcess[]): void {
  for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
}
