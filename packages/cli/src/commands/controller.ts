// eddy controller add | remove: the controller quorum's voters. The quorum's
// membership lives in its own log, so a voter is added (after catching up as
// a learner) or removed by the active controller, one at a time.
import type { ControllerVoter } from '@eddy/client';
import type { Command } from 'commander';
import { parseAddress, parseNodeId } from './cluster-shape-format.js';
import { action, addGlobalOptions, connect, printJson, printTable, type GlobalOptions } from './context.js';

export function registerControllerCommands(program: Command): void {
  const controller = program.command('controller').description('add or remove controller quorum voters');

  addGlobalOptions(controller.command('add <id>').description('make a running controller node a voter (it catches up as a learner first)'))
    .option('--internal-address <host:port>', "the new controller's internal listener, when the quorum does not know it yet")
    .action(
      action('controller add', async (id: string, opts: GlobalOptions & { internalAddress?: string }) => {
        const nodeId = parseNodeId(id);
        const internalAddress = opts.internalAddress === undefined ? undefined : parseAddress('--internal-address', opts.internalAddress);
        const eddy = connect(opts);
        try {
          show(await eddy.admin().addControllerVoter(nodeId, internalAddress === undefined ? {} : { internalAddress }), opts, `node ${nodeId} is a controller voter`);
        } finally {
          await eddy.close();
        }
      }),
    );

  addGlobalOptions(controller.command('remove <id>').description('remove a voter (a dead one, or one to retire) from the controller quorum')).action(
    action('controller remove', async (id: string, opts: GlobalOptions) => {
      const nodeId = parseNodeId(id);
      const eddy = connect(opts);
      try {
        show(await eddy.admin().removeControllerVoter(nodeId), opts, `node ${nodeId} is no longer a controller voter`);
      } finally {
        await eddy.close();
      }
    }),
  );
}

function show(voters: ControllerVoter[], opts: GlobalOptions, headline: string): void {
  const sorted = [...voters].sort((a, b) => a.nodeId - b.nodeId);
  if (opts.output === 'json') {
    printJson({ voters: sorted });
    return;
  }
  process.stdout.write(`${headline}; the quorum now has ${sorted.length} voter${sorted.length === 1 ? '' : 's'}:\n`);
  printTable(['NODE', 'ADDRESS', 'ACTIVE'], sorted.map((v) => [v.nodeId, v.address || '-', v.active ? 'yes' : 'no']));
}
