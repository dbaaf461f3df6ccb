#!/usr/bin/env node
// The eddy command.
import { Command } from 'commander';
import { registerAclCommands } from '../commands/acl.js';
import { registerBenchCommands } from '../commands/bench.js';
import { registerClusterCommands } from '../commands/cluster.js';
import { registerConsumeCommand } from '../commands/consume.js';
import { registerControllerCommands } from '../commands/controller.js';
import { registerGroupCommands } from '../commands/group.js';
import { registerNodeCommands } from '../commands/node.js';
import { registerProduceCommand } from '../commands/produce.js';
import { registerQuotaCommands } from '../commands/quota.js';
import { registerTopicCommands } from '../commands/topic.js';
import { registerUserCommands } from '../commands/user.js';
import { promptPasswordIfNeeded, type GlobalOptions } from '../commands/context.js';
import { registerDevCommand } from '../dev/dev-command.js';
import { registerServerCommand } from '../server/server-command.js';

// Bootstrap addresses are often IPs, and gRPC names the TLS server after its
// target; Node warns that SNI with an IP is ignored, which says nothing a user
// can act on (the certificate is still checked against the IP).
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  if (rest.includes('DEP0123') || (typeof rest[0] === 'object' && (rest[0] as { code?: string } | null)?.code === 'DEP0123')) return;
  (emitWarning as (...a: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;

// Output piped into a command that stops reading (`eddy cluster status | head`)
// ends the process quietly, as Unix tools do, instead of an unhandled EPIPE.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const program = new Command();
program.name('eddy').description('Eddy: a distributed event-streaming platform').showHelpAfterError();
registerDevCommand(program);
registerTopicCommands(program);
registerProduceCommand(program);
registerConsumeCommand(program);
registerGroupCommands(program);
registerClusterCommands(program);
registerNodeCommands(program);
registerControllerCommands(program);
registerUserCommands(program);
registerAclCommands(program);
registerQuotaCommands(program);
registerBenchCommands(program);
registerServerCommand(program);
// A command run with --user and no password asks for it first (on a terminal).
program.hook('preAction', async (_program, command) => {
  if (command.name() === 'server' || command.name() === 'dev') return;
  await promptPasswordIfNeeded(command.opts<GlobalOptions>());
});
await program.parseAsync(process.argv);
