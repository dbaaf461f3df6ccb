// eddy cluster status
import type { Command } from 'commander';
import { action, addGlobalOptions, connect, printJson, printTable, type GlobalOptions } from './context.js';

const ROLE = (r: string) => r.replace(/^NODE_ROLE_/, '').toLowerCase();

export function registerClusterCommands(program: Command): void {
  const cluster = program.command('cluster').description('the cluster as a whole');
  addGlobalOptions(cluster.command('status').description('nodes, roles, the active controller, partitions')).action(
    action('cluster status', async (opts: GlobalOptions) => {
      const eddy = connect(opts);
      try {
        const c = await eddy.admin().describeCluster();
        const nodes = c.nodes.map((n) => ({ id: n.nodeId, address: n.address, rack: n.rack, online: n.online, roles: n.roles.map(ROLE), activeController: n.nodeId === c.activeControllerId }));
        const summary = {
          clusterId: c.clusterId,
          activeController: c.activeControllerId,
          metadataVersion: Number(c.metadataVersion),
          topics: c.topicCount,
          partitions: c.partitionCount,
          underReplicatedPartitions: c.underReplicatedPartitionCount,
          offlinePartitions: c.offlinePartitionCount,
          nodes,
        };
        if (opts.output === 'json') {
          printJson(summary);
          return;
        }
        process.stdout.write(`cluster ${c.clusterId}: active controller ${c.activeControllerId}, ${c.topicCount} topics, ${c.partitionCount} partitions (${c.underReplicatedPartitionCount} under-replicated, ${c.offlinePartitionCount} offline)\n`);
        printTable(['NODE', 'ADDRESS', 'ROLES', 'RACK', 'STATE'], nodes.map((n) => [n.id + (n.activeController ? '*' : ''), n.address, n.roles.join(','), n.rack || '-', n.online ? 'online' : 'offline']));
      } finally {
        await eddy.close();
      }
    }),
  );
}
