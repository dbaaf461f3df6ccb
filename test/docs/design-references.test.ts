// The repository explains itself: source comments cite sections of
// docs/architecture.md (which is in the repository), every cited section
// exists, and every package says its license.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tracked = (...pathspecs: string[]): string[] =>
  execFileSync('git', ['ls-files', '--', ...pathspecs], { cwd: root, encoding: 'utf8' }).split('\n').filter((f) => f !== '');

describe('the design document', () => {
  const doc = readFileSync(path.join(root, 'docs/architecture.md'), 'utf8');
  const sections = new Set([...doc.matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)].map((m) => m[1]));

  it('is cited instead of a document that is not in the repository', () => {
    const outside = ['DESIGN', '§'].join(' '); // spelt apart so this file does not cite it
    const citing = tracked('packages', 'test', 'scripts', 'deploy', 'docs').filter((f) => /\.(ts|mjs|js|md|sh|yaml)$/.test(f) && readFileSync(path.join(root, f), 'utf8').includes(outside));
    expect(citing).toEqual([]);
  });

  it('has every section that the source cites', () => {
    const missing: string[] = [];
    for (const f of tracked('packages', 'test', 'scripts', 'docs')) {
      if (!/\.(ts|mjs|js|md)$/.test(f) || f === 'docs/architecture.md') continue;
      const text = readFileSync(path.join(root, f), 'utf8');
      for (const m of text.matchAll(/docs\/architecture\.md((?:,? ?§\d+(?:\.\d+)?)+)/g)) {
        for (const ref of m[1]!.matchAll(/§(\d+(?:\.\d+)?)/g)) if (!sections.has(ref[1]!)) missing.push(`${f}: §${ref[1]}`);
      }
    }
    expect(sections.size).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });
});

describe('the license', () => {
  it('is Apache-2.0, in a LICENSE file and in every package.json', () => {
    expect(existsSync(path.join(root, 'LICENSE'))).toBe(true);
    expect(readFileSync(path.join(root, 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0/);
    for (const f of tracked('package.json', 'packages/*/package.json', 'test/package.json')) {
      expect({ f, license: (JSON.parse(readFileSync(path.join(root, f), 'utf8')) as { license?: string }).license }).toEqual({ f, license: 'Apache-2.0' });
    }
  });
});
