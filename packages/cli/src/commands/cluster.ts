// eddy cluster status | rebalance
import { NodeState, type ClusterDescription, type ReassignmentStatus } from '@eddy/client';
import type { Command } from 'commander';
import { MOVE_HEADERS, REASSIGNMENT_HEADERS, moveRow, reassignmentJson, reassignmentRow } from './cluster-shape-format.js';
import { action, addGlobalOptions, connect, parseIntArg, printJson, printTable, type GlobalOptions } from './context.js';

const ROLE = (r: string) => r.replace(/^NODE_ROLE_/, '').toLowerCase();

const STATES: Record<string, NodeState> = {
  NODE_STATE_ACTIVE: NodeState.active,
  NODE_STATE_DECOMMISSIONING: NodeState.decommissioning,
  NODE_STATE_DECOMMISSIONED: NodeState.decommissioned,
};

/** A node's state in DescribeCluster; a controller-only node has none. */
function nodeState(n: ClusterDescription['nodes'][number]): NodeState {
  return STATES[n.state] ?? NodeState.unknown;
}

export function registerClusterCommands(program: Command): void {
  const cluster = program.command('cluster').description('the cluster as a whole: status, rebalance');
  addGlobalOptions(cluster.command('status').description('nodes, roles, states, the active controller, partitions and moves in progress')).action(
    action('cluster status', async (opts: GlobalOptions) => {
      const eddy = connect(opts);
      try {
        const admin = eddy.admin();
        const c = await admin.describeCluster();
        // Only asked for when something moves: one call less on a quiet cluster.
        const reassignments: ReassignmentStatus[] = c.reassigningPartitionCount > 0 ? await admin.listPartitionReassignments() : [];
        const nodes = c.nodes.map((n) => ({
          id: n.nodeId,
          address: n.address,
          rack: n.rack,
          online: n.online,
          state: nodeState(n),
          roles: n.roles.map(ROLE),
          activeController: n.nodeId === c.activeControllerId,
        }));
        const summary = {
          clusterId: c.clusterId,
          activeController: c.activeControllerId,
          metadataVersion: Number(c.metadataVersion),
          topics: c.topicCount,
          partitions: c.partitionCount,
          underReplicatedPartitions: c.underReplicatedPartitionCount,
          offlinePartitions: c.offlinePartitionCount,
          reassigningPartitions: c.reassigningPartitionCount,
          nodes,
          reassignments: reassignments.map(reassignmentJson),
        };
        if (opts.output === 'json') {
          printJson(summary);
          return;
        }
        process.stdout.write(
          `cluster ${c.clusterId}: active controller ${c.activeControllerId}, ${c.topicCount} topics, ${c.partitionCount} partitions (${c.underReplicatedPartitionCount} under-replicated, ${c.offlinePartitionCount} offline, ${c.reassigningPartitionCount} moving)\n`,
        );
        printTable(
          ['NODE', 'ADDRESS', 'ROLES', 'RACK', 'ONLINE', 'STATE'],
          nodes.map((n) => [n.id + (n.activeController ? '*' : ''), n.address, n.roles.join(','), n.rack || '-', n.online ? 'online' : 'offline', n.roles.includes('storage') ? n.state : '-']),
        );
        if (reassignments.length > 0) {
          process.stdout.write(`\nmoves in progress (${reassignments.length}):\n`);
          printTable(REASSIGNMENT_HEADERS, reassignments.map(reassignmentRow));
        }
      } finally {
        await eddy.close();
      }
    }),
  );

  addGlobalOptions(cluster.command('rebalance').description('plan moves that even out replicas and disk use across nodes and racks, then start them'))
    .option('--dry-run', 'print the plan; start nothing')
    .option('--max-moves <n>', 'at most this many partitions moving at once, moves in progress included (default: the cluster setting reassignment.max.concurrent)')
    .action(
      action('cluster rebalance', async (opts: GlobalOptions & { dryRun?: boolean; maxMoves?: string }) => {
        const maxMoves = opts.maxMoves === undefined ? undefined : parseIntArg('--max-moves', opts.maxMoves, 1, 10_000);
        const dryRun = opts.dryRun === true;
        const eddy = connect(opts);
        try {
          const plan = await eddy.admin().rebalance({ dryRun, ...(maxMoves !== undefined ? { maxMoves } : {}) });
          if (opts.output === 'json') {
            printJson({ dryRun, started: plan.started, preferredLeaderMoves: plan.preferredLeaderMoves, moves: plan.moves });
            return;
          }
          const leaders = plan.preferredLeaderMoves > 0 ? `; ${plan.preferredLeaderMoves} leadership${plan.preferredLeaderMoves === 1 ? '' : 's'} go${plan.preferredLeaderMoves === 1 ? 'es' : ''} back to preferred replicas` : '';
          if (plan.moves.length === 0) {
            process.stdout.write(`the cluster is balanced: no moves to make${leaders}\n`);
            return;
          }
          printTable(MOVE_HEADERS, plan.moves.map(moveRow));
          const count = `${plan.moves.length} move${plan.moves.length === 1 ? '' : 's'}`;
          if (dryRun) process.stdout.write(`dry run: ${count} planned, none started${leaders}; run without --dry-run to start them\n`);
          else if (plan.started) process.stdout.write(`started ${count}${leaders}; follow them with eddy cluster status\n`);
          else process.stdout.write(`${count} planned, but the controller started none${leaders}\n`);
        } finally {
          await eddy.close();
        }
      }),
    );
}
