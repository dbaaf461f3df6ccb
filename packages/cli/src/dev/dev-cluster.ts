// The local development cluster (`eddy dev`): N server processes, each running
// the controller and storage roles, with data under one directory. The ports
// are chosen on the first run and remembered in DIR/dev.json, so a second run
// resumes the same cluster with the same data. While it runs, DIR/cluster.json
// tells other eddy commands where it is.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const EDDY_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/eddy.js');

export interface DevLayout {
  nodes: { id: number; grpcPort: number; metricsPort: number }[];
}

export interface ClusterFile {
  nodes: { id: number; pid: number; grpcAddress: string; metricsUrl: string }[];
}

export class DevClusterError extends Error {}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** Reads the layout of an existing dev cluster, or plans a new one. */
export async function planLayout(dataDir: string, nodes: number, basePort: number, metricsBasePort: number): Promise<DevLayout> {
  const file = path.join(dataDir, 'dev.json');
  if (existsSync(file)) {
    const layout = JSON.parse(readFileSync(file, 'utf8')) as DevLayout;
    if (layout.nodes.length !== nodes) {
      throw new DevClusterError(`${dataDir} holds a ${layout.nodes.length}-node dev cluster; run with --nodes ${layout.nodes.length}, or use another --data-dir for a new cluster`);
    }
    return layout;
  }
  const layout: DevLayout = { nodes: Array.from({ length: nodes }, (_, i) => ({ id: i + 1, grpcPort: basePort + i, metricsPort: metricsBasePort + i })) };
  return layout;
}

export interface RunningDevCluster {
  file: ClusterFile;
  stop(): Promise<void>;
  /** Resolves when any node exits unexpectedly, with a description. */
  exited: Promise<string>;
}

export async function startDevCluster(dataDir: string, layout: DevLayout): Promise<RunningDevCluster> {
  mkdirSync(dataDir, { recursive: true });
  const clusterFile = path.join(dataDir, 'cluster.json');
  if (existsSync(clusterFile)) {
    const prev = JSON.parse(readFileSync(clusterFile, 'utf8')) as ClusterFile;
    const alive = prev.nodes.filter((n) => isAlive(n.pid));
    if (alive.length > 0) throw new DevClusterError(`a dev cluster is already running from ${dataDir} (pids ${alive.map((n) => n.pid).join(', ')}); stop it first`);
  }
  for (const n of layout.nodes) {
    if (!(await portFree(n.grpcPort))) throw new DevClusterError(`port ${n.grpcPort} on 127.0.0.1 is in use; stop what uses it or pass --port with another base port`);
    if (!(await portFree(n.metricsPort))) throw new DevClusterError(`port ${n.metricsPort} on 127.0.0.1 is in use; pass --metrics-port with another base port`);
  }
  writeFileSync(path.join(dataDir, 'dev.json'), `${JSON.stringify(layout, null, 2)}\n`);
  const controllers = layout.nodes.map((n) => `${n.id}@127.0.0.1:${n.grpcPort}`).join(',');
  const children: ChildProcess[] = [];
  let onExit: (why: string) => void = () => undefined;
  const exited = new Promise<string>((resolve) => (onExit = resolve));
  let stopping = false;

  const started = await Promise.all(
    layout.nodes.map(async (n) => {
      const nodeDir = path.join(dataDir, `node-${n.id}`);
      mkdirSync(nodeDir, { recursive: true });
      const log = openSync(path.join(nodeDir, 'server.log'), 'a');
      const child = spawn(
        process.execPath,
        [EDDY_BIN, 'server', '--node-id', String(n.id), '--roles', 'combined', '--listen-address', `127.0.0.1:${n.grpcPort}`, '--controllers', controllers, '--data-dir', nodeDir, '--metrics-address', `127.0.0.1:${n.metricsPort}`],
        { stdio: ['ignore', 'pipe', log], detached: false },
      );
      children.push(child);
      const ready = await new Promise<{ grpcAddress: string; metricsUrl: string }>((resolve, reject) => {
        const lines = createInterface({ input: child.stdout! });
        const early = (code: number | null) => reject(new DevClusterError(`node ${n.id} exited (code ${code}) while starting; see ${path.join(nodeDir, 'server.log')}`));
        child.once('exit', early);
        lines.on('line', (line) => {
          if (!line.startsWith('{"event":"ready"')) return;
          child.off('exit', early);
          resolve(JSON.parse(line) as { grpcAddress: string; metricsUrl: string });
        });
      }).catch(async (err: unknown) => {
        for (const c of children) c.kill('SIGTERM');
        throw err;
      });
      child.once('exit', (code, signal) => {
        if (!stopping) onExit(`node ${n.id} exited (${signal ?? `code ${code}`}); see ${path.join(nodeDir, 'server.log')}`);
      });
      return { id: n.id, pid: child.pid as number, ...ready };
    }),
  );
  const file: ClusterFile = { nodes: started.map((s) => ({ id: s.id, pid: s.pid, grpcAddress: s.grpcAddress, metricsUrl: s.metricsUrl })) };
  writeFileSync(clusterFile, `${JSON.stringify(file, null, 2)}\n`);
  return {
    file,
    exited,
    async stop() {
      stopping = true;
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null || c.signalCode !== null) return resolve();
              const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
              c.once('exit', () => {
                clearTimeout(timer);
                resolve();
              });
              c.kill('SIGTERM');
            }),
        ),
      );
      rmSync(clusterFile, { force: true });
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
