// Configuration of an Eddy server process (any role): a JSON file, EDDY_*
// environment variables and flags, validated once at start-up (docs/architecture.md §16).
import { configAddress, configBool, configInt, loadConfig, type LoadConfigOptions } from '@eddy/protocol';
import { z } from 'zod';

export const Role = { Controller: 'controller', Storage: 'storage' } as const;
export type Role = (typeof Role)[keyof typeof Role];

export interface ControllerVoter {
  id: number;
  address: string;
}

const rolesSchema = z
  .string()
  .transform((s) => s.split(',').map((r) => r.trim()).filter(Boolean))
  .pipe(
    z
      .array(z.enum(['controller', 'storage', 'combined'], { error: 'each role must be controller, storage or combined' }))
      .min(1, { error: 'name at least one role' }),
  )
  .transform((roles) => [...new Set(roles.flatMap((r) => (r === 'combined' ? [Role.Controller, Role.Storage] : [r as Role])))]);

const votersSchema = z
  .string()
  .min(1, { error: 'list the controller quorum as id@host:port,id@host:port,...' })
  .transform((s, ctx) => {
    const voters: ControllerVoter[] = [];
    for (const part of s.split(',').map((p) => p.trim()).filter(Boolean)) {
      const m = /^(\d+)@([^\s@]+:\d{1,5})$/.exec(part);
      if (!m) {
        ctx.addIssue({ code: 'custom', message: `"${part}" is not id@host:port` });
        return z.NEVER;
      }
      voters.push({ id: Number(m[1]), address: m[2] as string });
    }
    if (new Set(voters.map((v) => v.id)).size !== voters.length) {
      ctx.addIssue({ code: 'custom', message: 'controller ids must be unique' });
      return z.NEVER;
    }
    return voters;
  });

export const serverConfigSchema = z.object({
  nodeId: configInt({ min: 1, max: 2 ** 31 - 1 }),
  roles: rolesSchema.default(['controller', 'storage']),
  /** gRPC listen address. */
  listenAddress: configAddress().default('127.0.0.1:9092'),
  /** Address other nodes and clients use to reach this one; defaults to listenAddress. */
  advertisedAddress: configAddress().optional(),
  /** The controller quorum: id@host:port,... */
  controllers: votersSchema,
  dataDir: z.string({ error: 'set the data directory (--data-dir or EDDY_DATA_DIR)' }).min(1),
  /** Prometheus /metrics listen address. */
  metricsAddress: configAddress().default('127.0.0.1:0'),
  rack: z.string().default(''),
  /** fsync before acknowledging (the default). false is unsafe and for benchmarks only. */
  fsync: configBool().default(true),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Raft tick length; elections time out after 10 ticks (randomised up to 20). */
  raftTickMs: configInt({ min: 5, max: 1000 }).default(50),
});

export type ServerConfig = z.infer<typeof serverConfigSchema> & { advertisedAddress: string };

export function loadServerConfig(options: LoadConfigOptions): ServerConfig {
  const c = loadConfig(serverConfigSchema, options);
  return { ...c, advertisedAddress: c.advertisedAddress ?? c.listenAddress };
}
