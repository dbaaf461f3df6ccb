// eddy node list | decommission | recommission: storage nodes and their place
// in the cluster's shape (docs/architecture.md §7.10). Decommissioning empties a
// node (the balancer moves its replicas away); only then may it be removed.
import type { NodeStatus } from '@eddy/client';
import type { Command } from 'commander';
import { NODE_HEADERS, nodeJson, nodeRow, parseNodeId } from './cluster-shape-format.js';
import { action, addGlobalOptions, connect, printJson, printTable, type GlobalOptions } from './context.js';

export function registerNodeCommands(program: Command): void {
  const node = program.command('node').description('list nodes; decommission (empty) a node or take that back');

  addGlobalOptions(node.command('list').description('nodes with state, replica and leader counts, disk use and how long offline')).action(
    action('node list', async (opts: GlobalOptions) => {
      const eddy = connect(opts);
      try {
        const nodes = (await eddy.admin().listNodes()).sort((a, b) => a.nodeId - b.nodeId);
        if (opts.output === 'json') printJson(nodes.map(nodeJson));
        else printTable(NODE_HEADERS, nodes.map(nodeRow));
      } finally {
        await eddy.close();
      }
    }),
  );

  addGlobalOptions(node.command('decommission <id>').description('move every replica off a node (it gets no new ones); then it may be removed')).action(
    action('node decommission', async (id: string, opts: GlobalOptions) => {
      const nodeId = parseNodeId(id);
      const eddy = connect(opts);
      try {
        const n = await eddy.admin().decommissionNode(nodeId);
        if (opts.output === 'json') printJson(nodeJson(n));
        else process.stdout.write(`${describe(n)}; its replicas move to other nodes (follow with eddy node list and eddy cluster status; undo with eddy node recommission ${n.nodeId})\n`);
      } finally {
        await eddy.close();
      }
    }),
  );

  addGlobalOptions(node.command('recommission <id>').description('take a decommission back: the node may receive replicas again (moves already done stay)')).action(
    action('node recommission', async (id: string, opts: GlobalOptions) => {
      const nodeId = parseNodeId(id);
      const eddy = connect(opts);
      try {
        const n = await eddy.admin().recommissionNode(nodeId);
        if (opts.output === 'json') printJson(nodeJson(n));
        else process.stdout.write(`${describe(n)}; it may receive replicas again (eddy cluster rebalance moves some back)\n`);
      } finally {
        await eddy.close();
      }
    }),
  );
}

function describe(n: NodeStatus): string {
  return `node ${n.nodeId} is ${n.state} with ${n.replicaCount} replica${n.replicaCount === 1 ? '' : 's'}`;
}
