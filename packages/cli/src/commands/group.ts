// eddy group list | describe | reset-offsets
import type { Command } from 'commander';
import { UsageError, action, addGlobalOptions, connect, parseIntArg, printJson, printTable, type GlobalOptions } from './context.js';

const STATE = (s: string) => s.replace(/^GROUP_STATE_/, '').toLowerCase();

export function registerGroupCommands(program: Command): void {
  const group = program.command('group').description('consumer groups: list, describe, reset offsets');

  addGlobalOptions(group.command('list').description('list consumer groups')).action(
    action('group list', async (opts: GlobalOptions) => {
      const eddy = connect(opts);
      try {
        const groups = await eddy.admin().listGroups();
        if (opts.output === 'json') printJson(groups.map((g) => ({ groupId: g.groupId, state: STATE(g.state), members: g.memberCount, coordinator: g.coordinatorId })));
        else printTable(['GROUP', 'STATE', 'MEMBERS', 'COORDINATOR'], groups.map((g) => [g.groupId, STATE(g.state), g.memberCount, g.coordinatorId]));
      } finally {
        await eddy.close();
      }
    }),
  );

  addGlobalOptions(group.command('describe <group>').description('members, assignments, committed offsets and lag')).action(
    action('group describe', async (groupId: string, opts: GlobalOptions) => {
      const eddy = connect(opts);
      try {
        const g = await eddy.admin().describeGroup(groupId);
        const offsets = g.offsets.map((o) => ({ topic: o.topic, partition: o.partition, committedOffset: Number(o.committedOffset), highWatermark: Number(o.highWatermark), lag: Number(o.lag), member: o.memberId }));
        if (opts.output === 'json') {
          printJson({ groupId: g.groupId, state: STATE(g.state), epoch: g.groupEpoch, coordinator: g.coordinatorId, members: g.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, assignment: m.assignment })), offsets });
          return;
        }
        process.stdout.write(`group ${g.groupId}: ${STATE(g.state)}, epoch ${g.groupEpoch}, coordinator ${g.coordinatorId}, ${g.members.length} member${g.members.length === 1 ? '' : 's'}\n`);
        printTable(['TOPIC', 'PARTITION', 'COMMITTED', 'END', 'LAG', 'MEMBER'], offsets.map((o) => [o.topic, o.partition, o.committedOffset < 0 ? '-' : o.committedOffset, o.highWatermark, o.lag < 0 ? '-' : o.lag, o.member || '-']));
      } finally {
        await eddy.close();
      }
    }),
  );

  addGlobalOptions(group.command('reset-offsets <group>').description('move a stopped group\'s committed offsets'))
    .requiredOption('--topic <topic>', 'the topic whose offsets move')
    .option('--to-earliest', 'to the log start')
    .option('--to-latest', 'to the log end')
    .option('--to-offset <n>', 'to this offset')
    .option('--partition <p>', 'only this partition')
    .action(
      action('group reset-offsets', async (groupId: string, opts: GlobalOptions & { topic: string; toEarliest?: boolean; toLatest?: boolean; toOffset?: string; partition?: string }) => {
        const targets = [opts.toEarliest, opts.toLatest, opts.toOffset].filter((x) => x !== undefined).length;
        if (targets !== 1) throw new UsageError('give exactly one of --to-earliest, --to-latest, --to-offset N');
        const to = opts.toEarliest ? { earliest: true as const } : opts.toLatest ? { latest: true as const } : { offset: parseIntArg('--to-offset', opts.toOffset as string, 0) };
        const eddy = connect(opts);
        try {
          const partitions = opts.partition === undefined ? [] : [parseIntArg('--partition', opts.partition, 0)];
          const offsets = await eddy.admin().resetGroupOffsets(groupId, opts.topic, to, partitions);
          if (opts.output === 'json') printJson(offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: Number(o.offset) })));
          else printTable(['TOPIC', 'PARTITION', 'OFFSET'], offsets.map((o) => [o.topic, o.partition, o.offset]));
        } finally {
          await eddy.close();
        }
      }),
    );
}
