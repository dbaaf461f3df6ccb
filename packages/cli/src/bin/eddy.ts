#!/usr/bin/env node
// The eddy command.
import { Command } from 'commander';
import { registerDevCommand } from '../dev/dev-command.js';
import { registerServerCommand } from '../server/server-command.js';

const program = new Command();
program.name('eddy').description('Eddy: a distributed event-streaming platform').showHelpAfterError();
registerDevCommand(program);
registerServerCommand(program);
await program.parseAsync(process.argv);
