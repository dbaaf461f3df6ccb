// The local development cluster (`eddy dev`): N server processes, each running
// the controller and storage roles (nodes added when the cluster grew: storage
// only, see dev-layout.ts), with data under one directory. The ports are
// chosen on the first run and remembered in DIR/dev.json, so a second run
// resumes the same cluster with the same data. While it runs, DIR/cluster.json
// tells other eddy commands where it is. A node that exits is restarted with
// the same command line after a back-off (RestartPolicy decides when, and when
// to give up); the others keep serving meanwhile.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, createWriteStream, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { checkLayout, DevClusterError, INTERNAL_PORT_OFFSET, newLayout, resizeLayout, rolesOf, type DevLayout } from './dev-layout.js';
import { RestartPolicy, type RestartPolicyOptions } from './restart-policy.js';

export const EDDY_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/eddy.js');

export { DevClusterError, INTERNAL_PORT_OFFSET, type DevLayout } from './dev-layout.js';

/** running: up, `pid` is its process; restarting: exited, to be started again; down: exited, left down. */
export type DevNodeState = 'running' | 'restarting' | 'down';

export interface ClusterFile {
  /** `pid` is null while the node is not running. */
  nodes: { id: number; pid: number | null; state: DevNodeState; grpcAddress: string; metricsUrl: string }[];
  /** A secure cluster (--secure): its CA and the admin's client certificate, which the CLI uses by default. */
  tls?: { ca: string; cert: string; key: string };
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/**
 * Reads the layout of an existing dev cluster (grown to `nodes` when that is
 * more; `added` names the new nodes), or plans a new one (`nodes`, default 3).
 */
export async function planLayout(
  dataDir: string,
  nodes: number | undefined,
  basePort: number,
  metricsBasePort: number,
  internalBasePort = basePort + INTERNAL_PORT_OFFSET,
): Promise<{ layout: DevLayout; added: number[] }> {
  const file = path.join(dataDir, 'dev.json');
  if (existsSync(file)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new DevClusterError(`cannot read ${file}: ${(err as Error).message}; fix it, or use another --data-dir for a new cluster`);
    }
    const existing = checkLayout(parsed, file);
    return resizeLayout(existing, nodes ?? existing.nodes.length, dataDir);
  }
  return { layout: newLayout(nodes ?? 3, basePort, metricsBasePort, internalBasePort), added: [] };
}

/** Writes a file so a reader (or a crash) never sees half of it: a temporary file, then a rename over. */
function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export interface DevClusterOptions {
  /** When to restart a node that exited; default DEFAULT_RESTART_POLICY. */
  restart?: Partial<RestartPolicyOptions>;
  /** One line for the user per node exit, restart or give-up. */
  report?: (line: string) => void;
  /** A restarted node that has not printed its ready line by then is killed, which counts as another exit. */
  readyTimeoutMs?: number;
  /** More `eddy server` flags for a node (e.g. its TLS files). */
  nodeArgs?: (nodeId: number) => string[];
  /** The object store of tiered topics (--remote-storage), shared by every node. */
  remoteStorage?: string;
  /** Recorded in cluster.json for the CLI (a secure cluster). */
  tls?: ClusterFile['tls'];
}

export interface RunningDevCluster {
  /** The contents of cluster.json, kept current. */
  file: ClusterFile;
  stop(): Promise<void>;
  /** Resolves, with a description, once every node is down and none will be restarted. */
  allDown: Promise<string>;
}

interface ReadyLine {
  grpcAddress: string;
  metricsUrl: string;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One started server process. `exited` is created at spawn, so no exit goes unseen. */
interface NodeProcess {
  child: ChildProcess;
  /** Its ready line, or undefined when it exited first. */
  ready: Promise<ReadyLine | undefined>;
  exited: Promise<Exit>;
}

/** Starts one server; its stderr and its (JSON log) stdout both go to `logFile`. */
function spawnNode(args: string[], logFile: string): NodeProcess {
  const fd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', fd] });
  } finally {
    closeSync(fd); // the child has its own copy
  }
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const log = createWriteStream(logFile, { flags: 'a' });
  log.on('error', () => undefined); // losing a log line must not take the supervisor down
  const lines = createInterface({ input: child.stdout! });
  lines.once('close', () => log.end());
  const ready = new Promise<ReadyLine | undefined>((resolve) => {
    lines.on('line', (line) => {
      log.write(`${line}\n`);
      if (line.startsWith('{"event":"ready"')) resolve(JSON.parse(line) as ReadyLine);
    });
    void exited.then(() => resolve(undefined));
  });
  return { child, ready, exited };
}

interface Slot {
  id: number;
  args: string[];
  logFile: string;
  proc: NodeProcess | undefined;
  timer: NodeJS.Timeout | undefined;
  entry: ClusterFile['nodes'][number];
}

function describeExit(e: Exit): string {
  return e.signal ?? `code ${e.code}`;
}

export async function startDevCluster(dataDir: string, layout: DevLayout, options: DevClusterOptions = {}): Promise<RunningDevCluster> {
  mkdirSync(dataDir, { recursive: true });
  const clusterFile = path.join(dataDir, 'cluster.json');
  if (existsSync(clusterFile)) {
    const prev = JSON.parse(readFileSync(clusterFile, 'utf8')) as ClusterFile;
    const alive = prev.nodes.filter((n) => n.pid !== null && isAlive(n.pid));
    if (alive.length > 0) throw new DevClusterError(`a dev cluster is already running from ${dataDir} (pids ${alive.map((n) => n.pid).join(', ')}); stop it first`);
  }
  for (const n of layout.nodes) {
    if (!(await portFree(n.grpcPort))) throw new DevClusterError(`port ${n.grpcPort} on 127.0.0.1 is in use; stop what uses it or pass --port with another base port`);
    if (!(await portFree(n.internalPort))) throw new DevClusterError(`port ${n.internalPort} on 127.0.0.1 is in use; pass --internal-port with another base port`);
    if (!(await portFree(n.metricsPort))) throw new DevClusterError(`port ${n.metricsPort} on 127.0.0.1 is in use; pass --metrics-port with another base port`);
  }
  writeAtomically(path.join(dataDir, 'dev.json'), `${JSON.stringify(layout, null, 2)}\n`);
  // The quorum: the nodes of the first run. Nodes added later are storage nodes that find it through this list.
  const controllers = layout.nodes
    .filter((n) => rolesOf(n) === 'combined')
    .map((n) => `${n.id}@127.0.0.1:${n.internalPort}`)
    .join(',');
  const policy = new RestartPolicy(options.restart);
  const report = options.report ?? (() => undefined);
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  let stopping = false;
  let published = false;
  let onAllDown: (why: string) => void = () => undefined;
  const allDown = new Promise<string>((resolve) => (onAllDown = resolve));

  const slots: Slot[] = layout.nodes.map((n) => {
    const nodeDir = path.join(dataDir, `node-${n.id}`);
    mkdirSync(nodeDir, { recursive: true });
    return {
      id: n.id,
      args: [
        EDDY_BIN, 'server', '--node-id', String(n.id), '--roles', rolesOf(n),
        '--listen-address', `127.0.0.1:${n.grpcPort}`, '--internal-listen-address', `127.0.0.1:${n.internalPort}`,
        '--controllers', controllers, '--data-dir', nodeDir, '--metrics-address', `127.0.0.1:${n.metricsPort}`,
        ...(options.remoteStorage ? ['--remote-storage', options.remoteStorage] : []),
        ...(options.nodeArgs?.(n.id) ?? []),
      ],
      logFile: path.join(nodeDir, 'server.log'),
      proc: undefined,
      timer: undefined,
      entry: { id: n.id, pid: null, state: 'restarting', grpcAddress: `127.0.0.1:${n.grpcPort}`, metricsUrl: `http://127.0.0.1:${n.metricsPort}/metrics` },
    };
  });
  const file: ClusterFile = { nodes: slots.map((s) => s.entry), ...(options.tls ? { tls: options.tls } : {}) };

  const publish = () => {
    if (!published || stopping) return;
    file.nodes = slots.map((s) => s.entry);
    writeAtomically(clusterFile, `${JSON.stringify(file, null, 2)}\n`);
  };

  const setEntry = (slot: Slot, change: Partial<ClusterFile['nodes'][number]>) => {
    slot.entry = { ...slot.entry, ...change };
    publish();
  };

  // A node that was ready exits: a crash, a kill, or (when stopping) the shutdown.
  const watch = (slot: Slot, proc: NodeProcess) => {
    void proc.exited.then((e) => decide(slot, proc, `exited (${describeExit(e)})`));
  };

  const decide = (slot: Slot, proc: NodeProcess, what: string) => {
    if (slot.proc === proc) slot.proc = undefined;
    const d = policy.onExit(slot.id, performance.now(), stopping);
    if (d.action === 'stay-down' && d.reason === 'stopping') return;
    const head = `node ${slot.id} ${what}; log: ${slot.logFile}`;
    if (d.action === 'restart') {
      report(`${head}; restarting it in ${d.delayMs / 1000} s`);
      setEntry(slot, { pid: null, state: 'restarting' });
      slot.timer = setTimeout(() => void restart(slot), d.delayMs);
      return;
    }
    if (d.action === 'give-up') report(`${head}; it exited ${d.exits} times within ${d.windowMs / 1000} s (a crash loop), so it is left down`);
    else report(`${head}; left down (--no-restart)`);
    setEntry(slot, { pid: null, state: 'down' });
    if (slots.every((s) => s.entry.state === 'down')) onAllDown('every node is down');
  };

  const restart = async (slot: Slot) => {
    slot.timer = undefined;
    if (stopping) return;
    const proc = spawnNode(slot.args, slot.logFile);
    slot.proc = proc;
    const timer = setTimeout(() => {
      report(`node ${slot.id} did not say it was ready within ${readyTimeoutMs / 1000} s of its restart; killing it`);
      proc.child.kill('SIGKILL');
    }, readyTimeoutMs);
    const ready = await proc.ready;
    clearTimeout(timer);
    if (!ready) {
      decide(slot, proc, `exited (${describeExit(await proc.exited)}) while restarting`);
      return;
    }
    setEntry(slot, { pid: proc.child.pid ?? null, state: 'running', grpcAddress: ready.grpcAddress, metricsUrl: ready.metricsUrl });
    if (!stopping) report(`node ${slot.id} restarted (pid ${proc.child.pid}) and is ready; it catches up from the others by itself`);
    watch(slot, proc);
  };

  const stop = async () => {
    stopping = true;
    for (const s of slots) clearTimeout(s.timer);
    await Promise.all(slots.map((s) => (s.proc ? terminate(s.proc) : undefined)));
    rmSync(clusterFile, { force: true });
  };

  // First start: all at once; one that fails to start fails `eddy dev`.
  const started = await Promise.all(
    slots.map(async (slot) => {
      const proc = spawnNode(slot.args, slot.logFile);
      slot.proc = proc;
      const ready = await proc.ready;
      if (!ready) return `node ${slot.id} exited (${describeExit(await proc.exited)}) while starting; see ${slot.logFile}`;
      slot.entry = { ...slot.entry, pid: proc.child.pid ?? null, state: 'running', grpcAddress: ready.grpcAddress, metricsUrl: ready.metricsUrl };
      watch(slot, proc);
      return undefined;
    }),
  );
  const failed = started.find((why) => why !== undefined);
  if (failed) {
    await stop();
    throw new DevClusterError(failed);
  }
  published = true;
  publish();
  return { file, allDown, stop };
}

async function terminate(proc: NodeProcess): Promise<void> {
  const { child } = proc;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  child.kill('SIGTERM');
  await proc.exited;
  clearTimeout(timer);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
