// A 3-node NATS JetStream cluster on loopback (Debian's nats-server), the
// peer Eddy's benchmarks run side by side with.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../support/harness.js';

export class NatsCluster {
  readonly clientUrls: string[] = [];
  private readonly children: ChildProcess[] = [];
  private readonly root = mkdtempSync(path.join(tmpdir(), 'eddy-bench-nats-'));

  async start(n = 3): Promise<void> {
    if (spawnSync('nats-server', ['--version'], { stdio: 'ignore' }).error) {
      throw new Error('nats-server is not installed: apt-get install nats-server for the side-by-side figures, or pass --only eddy');
    }
    const clientPorts = await Promise.all(Array.from({ length: n }, freePort));
    const routePorts = await Promise.all(Array.from({ length: n }, freePort));
    for (let i = 0; i < n; i++) {
      const dir = path.join(this.root, `n${i + 1}`);
      const conf = path.join(this.root, `n${i + 1}.conf`);
      const routes = routePorts.filter((_, j) => j !== i).map((p) => `"nats-route://127.0.0.1:${p}"`).join(', ');
      writeFileSync(
        conf,
        `server_name: n${i + 1}\nlisten: 127.0.0.1:${clientPorts[i]}\njetstream { store_dir: "${dir}", max_file_store: 20G, max_memory_store: 1G }\ncluster { name: bench, listen: 127.0.0.1:${routePorts[i]}, routes: [${routes}] }\n`,
      );
      this.children.push(spawn('nats-server', ['-c', conf], { stdio: 'ignore' }));
      this.clientUrls.push(`nats://127.0.0.1:${clientPorts[i]}`);
    }
  }

  get pids(): number[] {
    return this.children.map((c) => c.pid as number);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGKILL');
          }),
      ),
    );
    rmSync(this.root, { recursive: true, force: true });
  }
}
