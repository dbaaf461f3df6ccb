// eddy topic create | list | describe | delete | alter | reassign
import type { Command } from 'commander';
import { formatBytes, idsCell, parseReplicaList, reassignmentJson, reassignmentSummary } from './cluster-shape-format.js';
import { UsageError, action, addGlobalOptions, collect, connect, parseIntArg, parsePairs, printJson, printTable, type GlobalOptions } from './context.js';

export function registerTopicCommands(program: Command): void {
  const topic = program.command('topic').description('create, list, describe, change and delete topics');

  addGlobalOptions(topic.command('create <name>').description('create a topic'))
    .option('--partitions <n>', 'number of partitions', '1')
    .option('--replication-factor <n>', 'replicas per partition', '3')
    .option('--config <key=value>', 'a topic config (Kafka names), repeatable', collect, [])
    .action(
      action('topic create', async (name: string, opts: GlobalOptions & { partitions: string; replicationFactor: string; config: string[] }) => {
        const eddy = connect(opts);
        try {
          const t = await eddy.admin().createTopic({
            name,
            partitions: parseIntArg('--partitions', opts.partitions, 1, 10_000),
            replicationFactor: parseIntArg('--replication-factor', opts.replicationFactor, 1, 15),
            configs: parsePairs('--config', opts.config),
          });
          if (opts.output === 'json') printJson({ name: t.name, topicId: t.topicId, partitions: t.partitions.length, replicationFactor: t.replicationFactor });
          else process.stdout.write(`created topic ${t.name} with ${t.partitions.length} partition${t.partitions.length === 1 ? '' : 's'}, replication factor ${t.replicationFactor}\n`);
        } finally {
          await eddy.close();
        }
      }),
    );

  addGlobalOptions(topic.command('list').description('list topics'))
    .option('--internal', 'include internal topics')
    .action(
      action('topic list', async (opts: GlobalOptions & { internal?: boolean }) => {
        const eddy = connect(opts);
        try {
          const topics = await eddy.admin().listTopics({ includeInternal: opts.internal === true });
          if (opts.output === 'json') printJson(topics.map((t) => ({ name: t.name, partitions: t.partitions, replicationFactor: t.replicationFactor, internal: t.internal })));
          else printTable(['NAME', 'PARTITIONS', 'REPLICATION'], topics.map((t) => [t.name, t.partitions, t.replicationFactor]));
        } finally {
          await eddy.close();
        }
      }),
    );

  addGlobalOptions(topic.command('describe <name>').description('partitions, replicas, leaders and configs of a topic')).action(
    action('topic describe', async (name: string, opts: GlobalOptions) => {
      const eddy = connect(opts);
      try {
        const t = await eddy.admin().describeTopic(name);
        const partitions = t.partitions.map((p) => ({
          partition: p.partition,
          leader: p.leaderId,
          leaderEpoch: p.leaderEpoch,
          replicas: p.replicas,
          inSyncReplicas: p.inSyncReplicas,
          offline: p.offline,
          underReplicated: p.underReplicated,
          // Non-empty while a reassignment moves the partition (eddy topic reassign, eddy cluster rebalance).
          targetReplicas: p.targetReplicas,
          addingReplicas: p.addingReplicas,
          removingReplicas: p.removingReplicas,
          // Both tiers, as the leader last reported them (within 30 s); null until it has.
          log: p.log
            ? {
                logStartOffset: Number(p.log.logStartOffset),
                localLogStartOffset: Number(p.log.localLogStartOffset),
                highWatermark: Number(p.log.highWatermark),
                localSizeBytes: Number(p.log.localSizeBytes),
                remoteSizeBytes: Number(p.log.remoteSizeBytes),
                remoteSegments: p.log.remoteSegments,
                remoteEndOffset: Number(p.log.remoteEndOffset),
              }
            : null,
        }));
        if (opts.output === 'json') {
          printJson({ name: t.name, topicId: t.topicId, replicationFactor: t.replicationFactor, configs: t.configs, partitions });
          return;
        }
        const moving = partitions.filter((p) => p.targetReplicas.length > 0).length;
        process.stdout.write(`topic ${t.name} (id ${t.topicId}), ${t.partitions.length} partitions, replication factor ${t.replicationFactor}${moving > 0 ? `, ${moving} moving` : ''}\n`);
        const configs = Object.entries(t.configs);
        if (configs.length > 0) process.stdout.write(`configs: ${configs.map(([k, v]) => `${k}=${v}`).join(', ')}\n`);
        const state = (p: (typeof partitions)[number]) => (p.offline ? 'offline' : p.underReplicated ? 'under-replicated' : 'ok');
        const row = (p: (typeof partitions)[number]) => [p.partition, p.leader < 0 ? 'none' : p.leader, p.leaderEpoch, p.replicas.join(','), p.inSyncReplicas.join(','), state(p)];
        // The move columns only while something moves, so the usual table stays as narrow as before.
        if (moving === 0) printTable(['PARTITION', 'LEADER', 'EPOCH', 'REPLICAS', 'IN-SYNC', 'STATE'], partitions.map(row));
        else {
          printTable(
            ['PARTITION', 'LEADER', 'EPOCH', 'REPLICAS', 'IN-SYNC', 'STATE', 'TARGET', 'ADDING', 'REMOVING'],
            partitions.map((p) => [...row(p), idsCell(p.targetReplicas), idsCell(p.addingReplicas), idsCell(p.removingReplicas)]),
          );
        }
        if (t.configs['remote.storage.enable'] === 'true') {
          // Tiered storage: where each partition's log starts in each tier, and how big each part is.
          process.stdout.write('\ntiers (as each leader last reported them):\n');
          const cell = (p: (typeof partitions)[number], f: (l: NonNullable<(typeof partitions)[number]['log']>) => string | number) => (p.log ? f(p.log) : '-');
          printTable(
            ['PARTITION', 'LOG-START', 'LOCAL-START', 'END', 'REMOTE-SEGMENTS', 'REMOTE-SIZE', 'LOCAL-SIZE'],
            partitions.map((p) => [
              p.partition,
              cell(p, (l) => l.logStartOffset),
              cell(p, (l) => l.localLogStartOffset),
              cell(p, (l) => l.highWatermark),
              cell(p, (l) => l.remoteSegments),
              cell(p, (l) => formatBytes(l.remoteSizeBytes)),
              cell(p, (l) => formatBytes(l.localSizeBytes)),
            ]),
          );
        }
      } finally {
        await eddy.close();
      }
    }),
  );

  addGlobalOptions(topic.command('reassign <name>').description("move a partition's replicas to other nodes, or cancel a move in progress"))
    .requiredOption('--partition <p>', 'the partition to move')
    .option('--replicas <ids>', 'the new replica set, node ids separated by commas, preferred leader first (e.g. 1,2,4)')
    .option('--validate-only', 'check the move and say what would happen; change nothing')
    .option('--cancel', 'cancel the move in progress: the partition returns to the replicas it had')
    .action(
      action('topic reassign', async (name: string, opts: GlobalOptions & { partition: string; replicas?: string; validateOnly?: boolean; cancel?: boolean }) => {
        // Every check on the input before any call.
        const partition = parseIntArg('--partition', opts.partition, 0, 2 ** 31 - 1);
        if (opts.cancel && opts.replicas !== undefined) throw new UsageError('give either --replicas (a new replica set) or --cancel, not both');
        if (opts.cancel && opts.validateOnly) throw new UsageError('--validate-only checks a new replica set; it does not go with --cancel');
        if (!opts.cancel && opts.replicas === undefined) throw new UsageError('give the new replica set with --replicas 1,2,4 (node ids, preferred leader first), or --cancel');
        const replicas = opts.replicas === undefined ? [] : parseReplicaList('--replicas', opts.replicas);
        const eddy = connect(opts);
        try {
          const admin = eddy.admin();
          const validateOnly = opts.validateOnly === true;
          const cancel = opts.cancel === true;
          const answer = cancel ? await admin.cancelPartitionReassignments([{ topic: name, partition }]) : await admin.alterPartitionReassignments([{ topic: name, partition, replicas }], { validateOnly });
          if (opts.output === 'json') printJson({ validateOnly, cancel, reassignments: answer.map(reassignmentJson) });
          else for (const r of answer) process.stdout.write(`${reassignmentSummary(r, { validateOnly, cancel })}\n`);
        } finally {
          await eddy.close();
        }
      }),
    );

  addGlobalOptions(topic.command('delete <name>').description('delete a topic and its data')).action(
    action('topic delete', async (name: string, opts: GlobalOptions) => {
      const eddy = connect(opts);
      try {
        await eddy.admin().deleteTopic(name);
        if (opts.output === 'json') printJson({ deleted: name });
        else process.stdout.write(`deleted topic ${name}\n`);
      } finally {
        await eddy.close();
      }
    }),
  );

  addGlobalOptions(topic.command('alter <name>').description('set or remove topic configs'))
    .option('--config <key=value>', 'a config to set, repeatable', collect, [])
    .option('--delete-config <key>', 'a config to return to its default, repeatable', collect, [])
    .action(
      action('topic alter', async (name: string, opts: GlobalOptions & { config: string[]; deleteConfig: string[] }) => {
        const eddy = connect(opts);
        try {
          const set = parsePairs('--config', opts.config);
          await eddy.admin().alterConfigs('topic', name, { set, delete: opts.deleteConfig });
          if (opts.output === 'json') printJson({ topic: name, set, deleted: opts.deleteConfig });
          else process.stdout.write(`altered topic ${name}\n`);
        } finally {
          await eddy.close();
        }
      }),
    );
}
