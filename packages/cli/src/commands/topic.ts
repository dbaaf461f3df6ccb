// eddy topic create | list | describe | delete | alter
import type { Command } from 'commander';
import { action, addGlobalOptions, collect, connect, parseIntArg, parsePairs, printJson, printTable, type GlobalOptions } from './context.js';

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
        }));
        if (opts.output === 'json') {
          printJson({ name: t.name, topicId: t.topicId, replicationFactor: t.replicationFactor, configs: t.configs, partitions });
          return;
        }
        process.stdout.write(`topic ${t.name} (id ${t.topicId}), ${t.partitions.length} partitions, replication factor ${t.replicationFactor}\n`);
        const configs = Object.entries(t.configs);
        if (configs.length > 0) process.stdout.write(`configs: ${configs.map(([k, v]) => `${k}=${v}`).join(', ')}\n`);
        printTable(
          ['PARTITION', 'LEADER', 'EPOCH', 'REPLICAS', 'IN-SYNC', 'STATE'],
          partitions.map((p) => [p.partition, p.leader < 0 ? 'none' : p.leader, p.leaderEpoch, p.replicas.join(','), p.inSyncReplicas.join(','), p.offline ? 'offline' : p.underReplicated ? 'under-replicated' : 'ok']),
        );
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
