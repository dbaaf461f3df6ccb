// Reads deploy/observability/metric-names.txt: the one list of Eddy metric
// names that the alerts and the dashboard may use. Shared by the deploy checks.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const metricNamesPath = join(repoRoot, 'deploy/observability/metric-names.txt');

const types = new Set(['counter', 'gauge', 'histogram', 'summary']);

/** @returns {Map<string, {type: string, pending: boolean}>} */
export function readMetricNames(path = metricNamesPath) {
  const names = new Map();
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.replace(/#.*/, '').trim();
      if (!line) return;
      const [name, type, flag, ...rest] = line.split(/\s+/);
      if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name) || !types.has(type) || (flag !== undefined && flag !== 'pending') || rest.length) {
        throw new Error(`${path}:${i + 1}: expected "name type [pending]", got "${raw}"`);
      }
      names.set(name, { type, pending: flag === 'pending' });
    });
  return names;
}

/** The listed family a sample or series name belongs to (histogram _bucket/_sum/_count), or undefined. */
export function familyOf(name, names) {
  if (names.has(name)) return name;
  const m = /^(.*)_(bucket|sum|count)$/.exec(name);
  if (m && names.get(m[1])?.type === 'histogram') return m[1];
  if (m && m[2] !== 'bucket' && names.get(m[1])?.type === 'summary') return m[1];
  return undefined;
}
