// The network lab makes real cuts: a TCP echo server inside one namespace, a
// client inside another. A cut a→b stops a's connections to b while the root
// namespace still reaches b; removing it restores them; a slow link sends a's
// connections to b through the delaying proxy (a DNAT rule) and its undo
// removes that; close() and the stale-run cleanup leave no namespace behind.
// Needs root (CI runs as root); elsewhere it is reported as skipped.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanStaleLabs, NetLab, netlabUnavailableReason } from './netlab.js';
import { Rng } from './rng.js';

const run = promisify(execFile);
const noNamespaces = netlabUnavailableReason();
if (noNamespaces) console.warn(`!!! netlab: NOT TESTED — ${noNamespaces} !!!`);

const dir = mkdtempSync(path.join(tmpdir(), 'netlab-test-'));
const ECHO = path.join(dir, 'echo.mjs');
const CLIENT = path.join(dir, 'client.mjs');
writeFileSync(ECHO, `import net from 'node:net';\nnet.createServer((s) => s.on('data', (d) => s.write(d))).listen(Number(process.argv[3]), process.argv[2], () => console.log('listening'));\n`);
// Prints "echo" when the server answered, "no answer" when it did not within 1.5 s.
writeFileSync(CLIENT, `import net from 'node:net';\nconst s = net.connect(Number(process.argv[3]), process.argv[2]);\nconst t = setTimeout(() => { console.log('no answer'); process.exit(0); }, 1500);\ns.on('connect', () => s.write('x'));\ns.on('data', () => { clearTimeout(t); console.log('echo'); process.exit(0); });\ns.on('error', (e) => { clearTimeout(t); console.log('error ' + e.code); process.exit(0); });\n`);
const PORT = 7001;

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

// Asynchronous: the delaying proxy lives in this process's event loop.
async function clientIn(lab: NetLab, from: number, to: number): Promise<string> {
  const [cmd, ...args] = lab.execPrefix(from);
  const { stdout } = await run(cmd!, [...args, process.execPath, CLIENT, lab.ip(to), String(PORT)], { encoding: 'utf8' });
  return stdout.trim();
}

function fromRoot(host: string): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(PORT, host);
    const t = setTimeout(() => (s.destroy(), resolve('no answer')), 1500);
    s.on('connect', () => s.write('x'));
    s.on('data', () => (clearTimeout(t), s.destroy(), resolve('echo')));
    s.on('error', (e: NodeJS.ErrnoException) => (clearTimeout(t), resolve(`error ${e.code}`)));
  });
}

function namespaces(): string {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
}

describe.skipIf(noNamespaces !== undefined)('netlab (network namespaces, iptables)', () => {
  it('cuts one direction, restores it, slows a link through the proxy, and removes everything', async () => {
    const lab = await NetLab.create(2);
    try {
      const [cmd, ...args] = lab.execPrefix(2);
      const server = spawn(cmd!, [...args, process.execPath, ECHO, lab.ip(2), String(PORT)], { stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(server);
      await new Promise<void>((resolve) => server.stdout!.once('data', () => resolve()));

      expect(await fromRoot(lab.ip(2))).toBe('echo');
      expect(await clientIn(lab, 1, 2)).toBe('echo');

      await lab.cut(1, 2);
      expect(await clientIn(lab, 1, 2)).toBe('no answer');
      expect(await fromRoot(lab.ip(2))).toBe('echo'); // the root namespace is not cut
      await lab.healCuts();
      expect(await clientIn(lab, 1, 2)).toBe('echo');

      const restore = await lab.slow(1, 2, PORT, 50, 10, new Rng(1));
      const nat = (): string => execFileSync('ip', ['netns', 'exec', `eddy-chaos-${lab.runId}-1`, 'iptables', '-t', 'nat', '-S', 'OUTPUT'], { encoding: 'utf8' });
      expect(nat()).toContain(`--to-destination ${lab.hostIp}:`);
      expect(await clientIn(lab, 1, 2)).toBe('echo'); // through the proxy
      await restore();
      expect(nat()).not.toContain('DNAT');
      expect(await clientIn(lab, 1, 2)).toBe('echo');
      server.kill('SIGKILL');
    } finally {
      await lab.close();
    }
    expect(namespaces()).not.toContain(`eddy-chaos-${lab.runId}-`);
  });

  it('removes the namespaces and servers a killed run left behind', async () => {
    const script = path.join(dir, 'orphan.mts');
    const netlab = path.join(path.dirname(fileURLToPath(import.meta.url)), 'netlab.ts');
    writeFileSync(script, `import { NetLab } from ${JSON.stringify(netlab)};\nconst lab = await NetLab.create(1);\nconsole.log(lab.runId);\nsetInterval(() => {}, 1000);\n`);
    const orphan = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(orphan);
    const runId = await new Promise<string>((resolve) => orphan.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
    expect(namespaces()).toContain(`eddy-chaos-${runId}-1`);
    await new Promise<void>((resolve) => (orphan.once('exit', () => resolve()), orphan.kill('SIGKILL')));
    expect(namespaces()).toContain(`eddy-chaos-${runId}-1`); // SIGKILL runs no exit hook
    expect(cleanStaleLabs()).toBeGreaterThanOrEqual(1);
    expect(namespaces()).not.toContain(`eddy-chaos-${runId}-1`);
  });
});
