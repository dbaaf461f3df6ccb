// `eddy dev` (also `pnpm dev`): starts the local cluster, waits until it is
// healthy, prints where it is, restarts a node that exits (unless
// --no-restart), and stops it cleanly on Ctrl-C.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { credentials } from '@grpc/grpc-js';
import { loadEddyProto, type wire } from '@eddy/protocol';
import type { Command } from 'commander';
import { DevClusterError, INTERNAL_PORT_OFFSET, planLayout, startDevCluster, type ClusterFile } from './dev-cluster.js';
import { rolesOf } from './dev-layout.js';
import { devSecurity, ensureAdminUser } from './dev-security.js';

async function healthy(file: ClusterFile, timeoutMs: number): Promise<void> {
  const first = file.nodes[0];
  if (!first) return;
  const creds = file.tls
    ? credentials.createSsl(readFileSync(file.tls.ca), readFileSync(file.tls.key), readFileSync(file.tls.cert))
    : credentials.createInsecure();
  const client = new (loadEddyProto().proto.eddy.v1.MetadataService)(first.grpcAddress, creds);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const md = await new Promise<wire.GetMetadataResponse__Output | undefined>((resolve) =>
        client.getMetadata({ includeInternal: true }, { deadline: Date.now() + 2000 }, (err, res) => resolve(err ? undefined : res)),
      );
      const online = md?.nodes.filter((n) => n.online).length ?? 0;
      // Healthy: a controller is active, every node is online, and every partition (after a restart) has a leader again.
      const leaderless = md?.topics.reduce((n, t) => n + t.partitions.filter((p) => p.leaderId <= 0).length, 0) ?? 0;
      if (md && md.controllerId > 0 && online >= file.nodes.length && leaderless === 0) return;
      if (Date.now() > deadline) throw new DevClusterError(`the cluster did not become healthy within ${timeoutMs / 1000} s (${online} of ${file.nodes.length} nodes online); see the server.log files`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    client.close();
  }
}

function positiveInt(name: string, value: string, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new DevClusterError(`${name} must be a whole number from 1 to ${max}, got "${value}"`);
  return n;
}

export function registerDevCommand(program: Command): void {
  program
    .command('dev')
    .description('start a local cluster (each node runs the controller and storage roles; nodes added to a grown cluster, storage) until Ctrl-C')
    .option('--nodes <n>', 'number of nodes (1, 3 or 5 make sense; default 3, or as many as the cluster in --data-dir has); more than it has adds storage nodes to it')
    .option('--data-dir <dir>', 'where the cluster keeps its data', '.eddy')
    .option('--port <port>', 'first gRPC port; node i listens on port + i - 1', '9092')
    .option('--internal-port <port>', 'first internal (node-to-node) port; default --port + 100')
    .option('--metrics-port <port>', 'first metrics port', '9644')
    .option('--no-restart', 'leave a node that exits down (by default it is restarted after a growing back-off, unless it crash-loops)')
    .option('--remote-storage <url>', 'the object store of tiered topics (remote.storage.enable=true): file:///path or s3://bucket/prefix?endpoint=…; default file://<data-dir>/remote')
    .option('--secure', 'TLS everywhere, node certificates between nodes, and ACLs: makes a CA, certificates and an admin user under <data-dir>/secure')
    .action(async (opts: { nodes?: string; dataDir: string; port: string; internalPort?: string; metricsPort: string; restart: boolean; secure?: boolean; remoteStorage?: string }) => {
      try {
        const asked = opts.nodes === undefined ? undefined : positiveInt('--nodes', opts.nodes, 9);
        const span = asked ?? 9;
        const dataDir = path.resolve(opts.dataDir);
        const port = positiveInt('--port', opts.port, 65535 - span);
        const internalPort = opts.internalPort === undefined ? Math.min(port + INTERNAL_PORT_OFFSET, 65535 - span) : positiveInt('--internal-port', opts.internalPort, 65535 - span);
        const { layout, added } = await planLayout(dataDir, asked, port, positiveInt('--metrics-port', opts.metricsPort, 65535 - span), internalPort);
        const nodes = layout.nodes.length;
        const shown = path.relative(process.cwd(), dataDir);
        process.stdout.write(`eddy dev: starting ${nodes} node${nodes > 1 ? 's' : ''} with data in ${shown === '' ? '.' : shown.startsWith('..') ? dataDir : shown}\n`);
        if (added.length > 0) {
          const many = added.length > 1;
          const quorum = layout.nodes.filter((n) => rolesOf(n) === 'combined').map((n) => n.id);
          process.stdout.write(
            `eddy dev: growing the cluster from ${nodes - added.length} to ${nodes} nodes: ${many ? `nodes ${added.join(', ')} join as storage nodes` : `node ${added[0]} joins as a storage node`} ` +
              `(the controller quorum stays node${quorum.length > 1 ? 's' : ''} ${quorum.join(', ')}); the balancer moves replicas onto ${many ? 'them' : 'it'} (eddy cluster rebalance --dry-run shows its plan)\n`,
          );
        }
        const security = opts.secure ? await devSecurity(dataDir, nodes) : undefined;
        // The filesystem store wants its directory to exist (a missing volume must not swallow segments).
        if (opts.remoteStorage === undefined) mkdirSync(path.join(dataDir, 'remote'), { recursive: true });
        const cluster = await startDevCluster(dataDir, layout, {
          restart: { restart: opts.restart },
          // Tiered topics work out of the box: the nodes share a filesystem store under the data directory.
          remoteStorage: opts.remoteStorage ?? pathToFileURL(path.join(dataDir, 'remote')).href,
          report: (line) => process.stderr.write(`eddy dev: ${line}\n`),
          ...(security ? { nodeArgs: security.nodeArgs, tls: { ca: security.ca, ...security.admin } } : {}),
        });
        let stopping = false;
        const stop = async (why?: string) => {
          if (stopping) return;
          stopping = true;
          if (why) process.stderr.write(`eddy dev: ${why}; stopping the cluster\n`);
          await cluster.stop();
          process.stdout.write('eddy dev: stopped\n');
          process.exit(why ? 1 : 0);
        };
        process.on('SIGINT', () => void stop());
        process.on('SIGTERM', () => void stop());
        void cluster.allDown.then((why) => stop(why));
        try {
          await healthy(cluster.file, 60_000);
        } catch (err) {
          await stop((err as Error).message);
          return;
        }
        // One write, so a reader never sees the bootstrap line without the metrics line.
        process.stdout.write(
          `bootstrap: ${cluster.file.nodes.map((n) => n.grpcAddress).join(',')}\n` +
            `metrics: ${cluster.file.nodes.map((n) => n.metricsUrl).join(' ')}\n`,
        );
        if (security) {
          const bootstrap = cluster.file.nodes.map((n) => n.grpcAddress).join(',');
          let passwordFile: string | undefined;
          try {
            passwordFile = await ensureAdminUser(security, bootstrap);
          } catch (err) {
            await stop(`could not create the admin user: ${(err as Error).message}`);
            return;
          }
          const rel = (f: string) => path.relative(process.cwd(), f) || f;
          process.stdout.write(
            `secure: TLS and ACLs on; User:admin is the super user\n` +
              `  from this directory the CLI connects as admin with its certificate (${rel(security.admin.cert)})\n` +
              (passwordFile
                ? `  elsewhere: eddy topic list --bootstrap ${bootstrap} --tls-ca ${rel(security.ca)} --user admin --password-file ${rel(passwordFile)}\n`
                : `  elsewhere: eddy topic list --bootstrap ${bootstrap} --tls-ca ${rel(security.ca)} --tls-cert ${rel(security.admin.cert)} --tls-key ${rel(security.admin.key)} (the admin password file is gone)\n`) +
              `  grant others: EDDY_NEW_PASSWORD=... eddy user create alice; eddy acl add --principal User:alice --topic orders --operation write,describe\n`,
          );
        }
        process.stdout.write(`cluster file: ${path.join(dataDir, 'cluster.json')}\npress Ctrl-C to stop\n`);
      } catch (err) {
        if (err instanceof DevClusterError) {
          process.stderr.write(`eddy dev: ${err.message}\n`);
          process.exit(2);
        }
        throw err;
      }
    });
}
