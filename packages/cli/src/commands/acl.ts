// eddy acl add | list | remove: Kafka-style ACL bindings (docs/architecture.md §7.9).
// One resource flag (--topic, --group, --cluster, --transactional-id) and a
// comma-separated --operation list make one binding per operation.
import { ACL_OPERATIONS, type AclBinding, type AclFilter, type AclOperation, type ResourceType } from '@eddy/protocol';
import type { Command } from 'commander';
import { action, addGlobalOptions, connect, printJson, printTable, UsageError, type GlobalOptions } from './context.js';

interface AclFlags extends GlobalOptions {
  principal?: string;
  topic?: string;
  group?: string;
  cluster?: boolean;
  transactionalId?: string;
  prefixed?: boolean;
  operation?: string;
  deny?: boolean;
  allow?: boolean;
}

function aclFlags(cmd: Command, forFilter: boolean): Command {
  return addGlobalOptions(cmd)
    .option('--principal <principal>', forFilter ? 'only bindings of this principal' : 'User:<name>, User:* (every user) or Node:<id>')
    .option('--topic <name>', 'a topic (or a prefix with --prefixed; * for every topic)')
    .option('--group <id>', 'a consumer group (or a prefix with --prefixed; * for every group)')
    .option('--cluster', 'the cluster itself (users, ACLs, quotas, node configs, topic creation)')
    .option('--transactional-id <id>', 'a transactional id')
    .option('--prefixed', 'the name is a prefix: every resource whose name starts with it')
    .option('--operation <ops>', `comma-separated: ${ACL_OPERATIONS.join(', ')}`)
    .option('--deny', forFilter ? 'only deny bindings' : 'a deny binding (wins over any allow)')
    .option('--allow', forFilter ? 'only allow bindings' : 'an allow binding (the default)');
}

function resourceOf(opts: AclFlags, required: boolean): { resourceType: ResourceType; resourceName: string } | undefined {
  const given = [
    opts.topic !== undefined && { resourceType: 'topic' as const, resourceName: opts.topic },
    opts.group !== undefined && { resourceType: 'group' as const, resourceName: opts.group },
    opts.cluster === true && { resourceType: 'cluster' as const, resourceName: 'eddy-cluster' },
    opts.transactionalId !== undefined && { resourceType: 'transactional_id' as const, resourceName: opts.transactionalId },
  ].filter((r) => r !== false);
  if (given.length > 1) throw new UsageError('name one resource: --topic, --group, --cluster or --transactional-id');
  if (given.length === 0 && required) throw new UsageError('name a resource: --topic <name>, --group <id>, --cluster or --transactional-id <id>');
  return given[0];
}

function operationsOf(opts: AclFlags, required: boolean): AclOperation[] | undefined {
  if (opts.operation === undefined) {
    if (required) throw new UsageError(`name the operations: --operation read,describe (one or more of ${ACL_OPERATIONS.join(', ')})`);
    return undefined;
  }
  const ops = opts.operation.split(',').map((o) => o.trim().toLowerCase().replace(/-/g, '_'));
  for (const o of ops) if (!(ACL_OPERATIONS as readonly string[]).includes(o)) throw new UsageError(`--operation: "${o}" is not one of ${ACL_OPERATIONS.join(', ')}`);
  return ops as AclOperation[];
}

function permissionOf(opts: AclFlags): 'allow' | 'deny' | undefined {
  if (opts.deny && opts.allow) throw new UsageError('--allow and --deny exclude each other');
  return opts.deny ? 'deny' : opts.allow ? 'allow' : undefined;
}

function bindingsOf(opts: AclFlags): AclBinding[] {
  if (opts.principal === undefined) throw new UsageError('name the principal: --principal User:<name> (or User:* for every user)');
  const resource = resourceOf(opts, true)!;
  const permission = permissionOf(opts) ?? 'allow';
  return operationsOf(opts, true)!.map((operation) => ({ principal: opts.principal!, ...resource, patternType: opts.prefixed ? 'prefixed' : 'literal', operation, permission }));
}

/**
 * Filters from the flags. `exact`: a named resource without --prefixed means
 * the literal binding (remove takes the flags add took, as Kafka's tool does);
 * for list, either pattern type.
 */
function filtersOf(opts: AclFlags, exact: boolean): AclFilter[] {
  const base: AclFilter = {};
  if (opts.principal !== undefined) base.principal = opts.principal;
  const resource = resourceOf(opts, false);
  if (resource) Object.assign(base, resource);
  if (opts.prefixed) base.patternType = 'prefixed';
  else if (resource && exact) base.patternType = 'literal';
  const permission = permissionOf(opts);
  if (permission) base.permission = permission;
  const ops = operationsOf(opts, false);
  return ops ? ops.map((operation) => ({ ...base, operation })) : [base];
}

function print(opts: GlobalOptions, bindings: AclBinding[], empty: string): void {
  if (opts.output === 'json') printJson(bindings);
  else if (bindings.length === 0) process.stdout.write(`${empty}\n`);
  else {
    printTable(
      ['PRINCIPAL', 'PERMISSION', 'OPERATION', 'RESOURCE', 'NAME', 'PATTERN'],
      bindings.map((b) => [b.principal, b.permission, b.operation, b.resourceType, b.resourceName, b.patternType]),
    );
  }
}

export function registerAclCommands(program: Command): void {
  const acl = program.command('acl').description('add, list and remove ACL bindings (who may do what to which resources)');

  aclFlags(acl.command('add').description('add bindings: --principal, one resource, --operation (allow unless --deny)'), false).action(
    action('acl add', async (opts: AclFlags) => {
      const bindings = bindingsOf(opts);
      const eddy = connect(opts);
      try {
        const created = await eddy.admin().createAcls(bindings);
        if (opts.output === 'json') printJson({ created, bindings });
        else process.stdout.write(`added ${created} binding${created === 1 ? '' : 's'} (${bindings.length - created} already present)\n`);
      } finally {
        await eddy.close();
      }
    }),
  );

  aclFlags(acl.command('list').description('list bindings, all or those matching the flags given'), true).action(
    action('acl list', async (opts: AclFlags) => {
      const filters = filtersOf(opts, false);
      const eddy = connect(opts);
      try {
        const lists = await Promise.all(filters.map((f) => eddy.admin().listAcls(f)));
        print(opts, lists.flat(), 'no ACL bindings match');
      } finally {
        await eddy.close();
      }
    }),
  );

  aclFlags(acl.command('remove').description('remove bindings matching the flags (at least --principal or a resource)'), true).action(
    action('acl remove', async (opts: AclFlags) => {
      const filters = filtersOf(opts, true);
      if (opts.principal === undefined && resourceOf(opts, false) === undefined) {
        throw new UsageError('name what to remove: --principal and/or a resource (--topic, --group, --cluster, --transactional-id)');
      }
      const eddy = connect(opts);
      try {
        const removed = await eddy.admin().deleteAcls(filters);
        if (opts.output === 'json') printJson({ removed });
        else print(opts, removed, 'no ACL bindings matched; nothing removed');
      } finally {
        await eddy.close();
      }
    }),
  );
}
