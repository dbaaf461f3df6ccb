#!/usr/bin/env node
// Validates rendered Kubernetes manifests against the Kubernetes (and
// Prometheus Operator) schemas shipped by the kubernetes-models packages.
//   node deploy/ci/validate-k8s.mjs --modules DIR [--strict-dir DIR] rendered.yaml...
// --modules: a node_modules holding kubernetes-models,
//   @kubernetes-models/prometheus-operator and yaml (deploy/ci/check.sh
//   installs them in a cache directory, never in the workspace).
// Two passes over every object:
// 1. the JSON-schema validators (types, required fields, formats, enums);
// 2. with --strict-dir, every object as a typed literal in a TypeScript file,
//    so `tsc` (run by check.sh) rejects unknown or misspelt fields, which the
//    schemas let through.
// Prints one line per problem and exits 1 if there is any.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, basename } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const [, value] = args.splice(i, 2);
  return value;
};
const modules = opt('--modules');
const strictDir = opt('--strict-dir');
const explainDir = opt('--explain');
if (explainDir) explainTsc(explainDir);
if (!explainDir && (!modules || args.length === 0)) {
  console.error('usage: validate-k8s.mjs --modules DIR [--strict-dir DIR] rendered.yaml...');
  process.exit(2);
}

const load = (rel) => import(pathToFileURL(join(modules, rel)).href);
const YAML = await load('yaml/dist/index.js');

/** apiVersion -> [package folder, module folder] for the groups Eddy's manifests use. */
function modulePath(apiVersion, kind) {
  if (apiVersion === 'monitoring.coreos.com/v1') return ['@kubernetes-models/prometheus-operator', `monitoring.coreos.com/v1/${kind}`];
  if (!/^([a-z0-9.]+\/)?v\d+((alpha|beta)\d+)?$/.test(apiVersion)) return undefined;
  return ['kubernetes-models', `${apiVersion}/${kind}`];
}

const problems = [];
const strict = [];
let count = 0;
for (const file of args) {
  const docs = YAML.parseAllDocuments(readFileSync(file, 'utf8'));
  for (const doc of docs) {
    if (doc.errors.length) {
      problems.push(`FAIL ${file}: YAML: ${doc.errors[0].message}`);
      continue;
    }
    const obj = doc.toJS();
    if (obj === null || obj === undefined) continue;
    count++;
    const where = `${basename(file)}: ${obj.kind ?? '?'}/${obj.metadata?.name ?? '?'}`;
    const path = obj.apiVersion && obj.kind ? modulePath(obj.apiVersion, obj.kind) : undefined;
    if (!path) {
      problems.push(`FAIL ${where}: no schema for apiVersion ${obj.apiVersion} kind ${obj.kind}`);
      continue;
    }
    let Model;
    try {
      Model = (await load(`${path[0]}/${path[1]}.js`))[obj.kind];
    } catch {
      Model = undefined;
    }
    if (typeof Model !== 'function') {
      problems.push(`FAIL ${where}: unknown kind ${obj.kind} in ${obj.apiVersion}`);
      continue;
    }
    try {
      new Model(obj).validate();
    } catch (err) {
      for (const line of String(err.message).split(/\n|, (?=data)/)) problems.push(`FAIL ${where}: ${line.trim()}`);
    }
    strict.push({ where, path, kind: obj.kind, obj });
  }
}

if (strictDir) {
  // Excess-property checks on object literals catch misspelt fields at any depth.
  mkdirSync(strictDir, { recursive: true });
  const imports = new Map();
  for (const { path, kind } of strict) {
    const spec = `${path[0]}/${path[1]}`;
    if (!imports.has(spec)) imports.set(spec, { alias: `T${imports.size}`, kind });
  }
  const lines = [...imports].map(([spec, { alias, kind }]) => `import type { I${kind} as ${alias} } from '${spec}';`);
  const ranges = [];
  strict.forEach(({ where, path, obj }, i) => {
    const text = `export const o${i}: ${imports.get(`${path[0]}/${path[1]}`).alias} = ${JSON.stringify(obj, null, 1)};`;
    ranges.push({ from: lines.length + 1, to: lines.length + text.split('\n').length, where });
    lines.push(...text.split('\n'));
  });
  writeFileSync(join(strictDir, 'manifests.ts'), `${lines.join('\n')}\n`);
  writeFileSync(join(strictDir, 'ranges.json'), JSON.stringify(ranges));
  writeFileSync(
    join(strictDir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: [] }, files: ['manifests.ts'] }, null, 2),
  );
}

/** Reads tsc's output on stdin and prints one FAIL line per error, naming the object. */
function explainTsc(dir) {
  const ranges = JSON.parse(readFileSync(join(dir, 'ranges.json'), 'utf8'));
  const out = readFileSync(0, 'utf8');
  let n = 0;
  for (const line of out.split('\n')) {
    const m = /^manifests\.ts\((\d+),\d+\): error TS\d+: (.*)$/.exec(line);
    if (!m) continue;
    const at = Number(m[1]);
    const r = ranges.find((x) => at >= x.from && at <= x.to);
    console.error(`FAIL ${r ? r.where : `manifests.ts:${at}`}: ${m[2]}`);
    n++;
  }
  if (n === 0 && out.trim()) console.error(`FAIL strict field check: ${out.trim().split('\n')[0]}`);
  console.log(`k8s strict fields: ${n} problems`);
  process.exit(n || out.trim() ? 1 : 0);
}

for (const p of problems) console.error(p);
console.log(`k8s: ${count} objects in ${args.length} renders, ${problems.length} schema problems`);
process.exit(problems.length ? 1 : 0);
