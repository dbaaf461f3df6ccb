#!/usr/bin/env node
// Static checks of the PromQL in deploy/observability:
// - every eddy_* metric an alert rule or a dashboard query names is listed in
//   metric-names.txt (which deploy-check-metrics.mjs checks against a live node);
// - with --rules-out FILE, writes every dashboard expression as a recording rule
//   (Grafana variables replaced by sample values) so `promtool check rules FILE`
//   proves each one parses.
// Prints one line per problem; exits 1 if there is any.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { familyOf, readMetricNames, repoRoot } from './deploy-metric-names.mjs';

const obs = join(repoRoot, 'deploy/observability');
const rulesFile = 'deploy/observability/rules/eddy-alerts.rules.yaml';
const dashboardFile = 'deploy/observability/dashboards/eddy.json';
const outIndex = process.argv.indexOf('--rules-out');
const rulesOut = outIndex > 0 ? process.argv[outIndex + 1] : undefined;

const names = readMetricNames();
const problems = [];

/** Grafana's variables, replaced by values that keep the expression valid PromQL. */
function substitute(expr) {
  return expr
    .replaceAll('$__rate_interval', '5m')
    .replaceAll('$__interval', '1m')
    .replaceAll('$__range', '1h')
    .replace(/\$\{?namespace\}?/g, 'eddy')
    .replace(/\$\{?(topic|group)\}?/g, '.*');
}

function checkNames(where, text) {
  for (const [name] of text.matchAll(/\beddy_[a-zA-Z0-9_]+/g)) {
    if (!familyOf(name, names)) problems.push(`FAIL ${where}: names ${name}, which is not in deploy/observability/metric-names.txt`);
  }
}

// Alert rules: every expr line (and the folded lines under it).
const rulesText = readFileSync(join(repoRoot, rulesFile), 'utf8');
checkNames(rulesFile, rulesText.replace(/#.*/g, ''));

const dashboard = JSON.parse(readFileSync(join(obs, 'dashboards/eddy.json'), 'utf8'));
const recording = [];
for (const panel of dashboard.panels ?? []) {
  for (const target of panel.targets ?? []) {
    const where = `${dashboardFile} panel "${panel.title}" ${target.refId}`;
    if (typeof target.expr !== 'string' || !target.expr.trim()) {
      problems.push(`FAIL ${where}: empty expression`);
      continue;
    }
    checkNames(where, target.expr);
    const slug = `${panel.title}_${target.refId}`.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
    recording.push({ where, record: `eddy_dashboard:${slug}`, expr: substitute(target.expr) });
  }
}
for (const v of dashboard.templating?.list ?? []) {
  const q = typeof v.query === 'string' ? v.query : v.query?.query;
  if (v.type === 'query' && q) checkNames(`${dashboardFile} variable ${v.name}`, q);
}
if (recording.length === 0) problems.push(`FAIL ${dashboardFile}: no panel has a PromQL expression`);

if (rulesOut) {
  const lines = ['groups:', '  - name: eddy-dashboard-expressions', '    rules:'];
  // Record names carry the panel title, so promtool's errors name the panel.
  for (const { where, record, expr } of recording) {
    lines.push(`      # ${where.replace(/\n/g, ' ')}`, `      - record: ${record}`, `        expr: ${JSON.stringify(expr)}`);
  }
  writeFileSync(rulesOut, `${lines.join('\n')}\n`);
}

for (const p of problems) console.error(p);
console.log(`promql: ${recording.length} dashboard expressions, ${names.size} known metric names, ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
