// Process configuration for servers: one flat zod schema, filled from a JSON
// file, then the environment (EDDY_<SCREAMING_SNAKE>), then flags — later
// sources win. Validation happens once, at start-up, and reports one clear
// line per bad field with where the value came from, so nothing starts
// half-configured (docs/architecture.md §16).
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export interface LoadConfigOptions {
  /** A JSON file of { key: value } with the schema's camelCase keys. */
  file?: string | undefined;
  /** Usually process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Environment variable prefix; default "EDDY_". */
  envPrefix?: string;
  /** Values from command-line flags, with the schema's camelCase keys. */
  flags?: Readonly<Record<string, unknown>>;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** camelCase key → EDDY_SCREAMING_SNAKE environment variable name. */
export function envName(key: string, prefix = 'EDDY_'): string {
  return prefix + key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** A number read from a string source (env, file, flag) or given as a number. */
export const configInt = (opts: { min?: number; max?: number } = {}) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(opts.min ?? Number.MIN_SAFE_INTEGER)
    .max(opts.max ?? Number.MAX_SAFE_INTEGER);

/** A boolean read from "true"/"false"/"1"/"0" or given as a boolean. */
export const configBool = () =>
  z.preprocess(
    (v) => (typeof v === 'string' ? ({ true: true, '1': true, false: false, '0': false } as Record<string, boolean>)[v.trim().toLowerCase()] ?? v : v),
    z.boolean({ error: 'must be true or false' }),
  );

/** host:port */
export const configAddress = () =>
  z.string().regex(/^[^\s:]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/, { error: 'must be host:port' });

export function loadConfig<S extends z.ZodObject>(schema: S, options: LoadConfigOptions = {}): z.infer<S> {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  const keys = Object.keys(schema.shape);

  if (options.file) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(options.file, 'utf8'));
    } catch (err) {
      throw new ConfigError([`config file ${options.file}: ${(err as Error).message}`]);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ConfigError([`config file ${options.file}: must hold a JSON object of settings`]);
    }
    for (const [key, value] of Object.entries(parsed)) {
      if (!keys.includes(key)) problems.push(`${key} (in ${options.file}): unknown setting; known: ${keys.join(', ')}`);
      values[key] = value;
      sources[key] = `in ${options.file}`;
    }
  }
  const prefix = options.envPrefix ?? 'EDDY_';
  for (const key of keys) {
    const name = envName(key, prefix);
    const value = options.env?.[name];
    if (value !== undefined && value !== '') {
      values[key] = value;
      sources[key] = `from ${name}`;
    }
  }
  for (const [key, value] of Object.entries(options.flags ?? {})) {
    if (value === undefined) continue;
    if (!keys.includes(key)) problems.push(`${key} (flag): unknown setting`);
    values[key] = value;
    sources[key] = 'from a flag';
  }

  const result = schema.safeParse(values);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = issue.path.map(String).join('.') || '(config)';
      const where = sources[key] ? ` (${sources[key]})` : '';
      const got = key in values ? `, got ${JSON.stringify(values[key])}` : '';
      problems.push(`${key}${where}: ${issue.message}${got}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return (result as { data: z.infer<S> }).data;
}
