// eddy user create | delete | list: SCRAM users (docs/architecture.md §7.9).
// The new password comes from EDDY_NEW_PASSWORD, stdin (--password-stdin) or a
// file (--new-password-file, e.g. a mounted Secret), never from a flag's value,
// so it stays out of shell history and process listings.
import { readFileSync } from 'node:fs';
import type { ScramMechanism } from '@eddy/protocol';
import { Option, type Command } from 'commander';
import { action, addGlobalOptions, connect, parseIntArg, printJson, printTable, UsageError, type GlobalOptions } from './context.js';

const MECHANISMS = ['SCRAM-SHA-256', 'SCRAM-SHA-512'];

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('create, list and delete SCRAM users');

  addGlobalOptions(user.command('create <name>').description('create a user (password from $EDDY_NEW_PASSWORD, or stdin with --password-stdin)'))
    .addOption(new Option('--mechanism <mechanism>', 'SCRAM mechanism').choices(MECHANISMS).default('SCRAM-SHA-256'))
    .option('--iterations <n>', 'PBKDF2 iterations (4096-65536)', '4096')
    .option('--password-stdin', 'read the password from the first line of stdin')
    .option('--new-password-file <file>', 'read the password from the first line of this file (e.g. a mounted Secret)')
    .action(
      action('user create', async (name: string, opts: GlobalOptions & { mechanism: ScramMechanism; iterations: string; passwordStdin?: boolean; newPasswordFile?: string }) => {
        const password = opts.passwordStdin ? await firstLineOfStdin() : opts.newPasswordFile !== undefined ? firstLineOfFile(opts.newPasswordFile) : process.env.EDDY_NEW_PASSWORD;
        if (password === undefined || password === '') {
          throw new UsageError('no password for the new user: set EDDY_NEW_PASSWORD, pipe it in with --password-stdin, or pass --new-password-file');
        }
        const iterations = parseIntArg('--iterations', opts.iterations, 4096, 65_536);
        const eddy = connect(opts);
        try {
          const u = await eddy.admin().createUser(name, password, { mechanism: opts.mechanism, iterations });
          if (opts.output === 'json') printJson({ name: u.name, mechanisms: u.mechanisms });
          else process.stdout.write(`created user ${u.name} (${opts.mechanism}); its principal is User:${u.name}\n`);
        } finally {
          await eddy.close();
        }
      }),
    );

  addGlobalOptions(user.command('delete <name>').description("delete a user's credentials (all mechanisms unless --mechanism)"))
    .addOption(new Option('--mechanism <mechanism>', 'only this mechanism').choices(MECHANISMS))
    .action(
      action('user delete', async (name: string, opts: GlobalOptions & { mechanism?: ScramMechanism }) => {
        const eddy = connect(opts);
        try {
          await eddy.admin().deleteUser(name, opts.mechanism);
          if (opts.output === 'json') printJson({ deleted: name, mechanism: opts.mechanism ?? 'all' });
          else process.stdout.write(`deleted user ${name}${opts.mechanism ? ` (${opts.mechanism})` : ''}\n`);
        } finally {
          await eddy.close();
        }
      }),
    );

  addGlobalOptions(user.command('list').description('list users and their mechanisms')).action(
    action('user list', async (opts: GlobalOptions) => {
      const eddy = connect(opts);
      try {
        const users = await eddy.admin().listUsers();
        if (opts.output === 'json') printJson(users);
        else printTable(['NAME', 'MECHANISMS'], users.map((u) => [u.name, u.mechanisms.join(',')]));
      } finally {
        await eddy.close();
      }
    }),
  );
}

async function firstLineOfStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += (chunk as Buffer).toString('utf8');
    if (text.includes('\n') || text.length > 4096) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

function firstLineOfFile(file: string): string {
  try {
    return readFileSync(file, 'utf8').split(/\r?\n/)[0] ?? '';
  } catch (err) {
    throw new UsageError(`cannot read the password file ${file}: ${(err as Error).message}`);
  }
}
