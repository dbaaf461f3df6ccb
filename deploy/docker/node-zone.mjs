// Init container of the Eddy pods: reads the zone label of the node the pod
// runs on from the Kubernetes API and writes it to EDDY_TOPOLOGY_FILE, which
// the entrypoint turns into EDDY_RACK. The downward API cannot expose node
// labels, hence this. Needs get on nodes (deploy/k8s/base/rbac.yaml) and the
// projected service-account token mounted at the usual path.
// A node without the label gives an empty rack (one-zone clusters, kind).
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';

const sa = '/var/run/secrets/kubernetes.io/serviceaccount';
const nodeName = process.env.NODE_NAME;
const out = process.env.EDDY_TOPOLOGY_FILE ?? '/etc/eddy/topology/rack';
const labelKey = process.env.EDDY_ZONE_LABEL ?? 'topology.kubernetes.io/zone';
const host = process.env.KUBERNETES_SERVICE_HOST;
const port = process.env.KUBERNETES_SERVICE_PORT ?? '443';

function fail(message) {
  process.stderr.write(`node-zone: ${message}\n`);
  process.exit(1);
}

if (!nodeName) fail('NODE_NAME is not set (downward API spec.nodeName)');
if (!host) fail('KUBERNETES_SERVICE_HOST is not set: not running in a pod?');

let token;
let ca;
try {
  token = readFileSync(`${sa}/token`, 'utf8').trim();
  ca = readFileSync(`${sa}/ca.crt`);
} catch (err) {
  fail(`cannot read the service-account token: ${err.message}`);
}

const req = request(
  { host, port, path: `/api/v1/nodes/${encodeURIComponent(nodeName)}`, ca, headers: { authorization: `Bearer ${token}` }, timeout: 10_000 },
  (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => (body += chunk));
    res.on('end', () => {
      if (res.statusCode !== 200) fail(`GET node ${nodeName}: HTTP ${res.statusCode}: ${body.slice(0, 200)}`);
      const zone = JSON.parse(body).metadata?.labels?.[labelKey] ?? '';
      writeFileSync(out, zone);
      process.stdout.write(`node-zone: node ${nodeName} is in zone "${zone}"\n`);
    });
  },
);
req.on('timeout', () => req.destroy(new Error('timed out')));
req.on('error', (err) => fail(`GET node ${nodeName}: ${err.message}`));
req.end();
