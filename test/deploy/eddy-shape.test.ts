// Eddy's own rules for the Kubernetes manifests (deploy/ci/eddy-shape.mjs, run
// by deploy/ci/check.sh on every overlay): node id ranges, the controller
// quorum list against the controller pods (so a new storage pod registers with
// no manual step), one ConfigMap with the balancer's settings, a
// maxUnavailable-1 PodDisruptionBudget per StatefulSet, and a grace period
// above the server's shutdown deadline. Checked here on hand-made renders, on
// the real overlays when kubectl (and the yaml package that check.sh caches)
// are there, and against the server's own defaults and deadline.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { serverConfigSchema } from '../../packages/cli/src/server/server-config.js';
import { BALANCER_SETTINGS, SERVER_SHUTDOWN_DEADLINE_S, checkEddyShape } from '../../deploy/ci/eddy-shape.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function statefulSet(role: 'controller' | 'storage', replicas: number, base: number): Obj {
  const name = `eddy-${role}`;
  const labels = { 'app.kubernetes.io/name': 'eddy', 'app.kubernetes.io/component': role };
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'eddy' },
    spec: {
      serviceName: name,
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          terminationGracePeriodSeconds: 120,
          containers: [
            {
              name: 'eddy',
              env: [
                { name: 'EDDY_ROLES', value: role },
                { name: 'EDDY_NODE_ID_BASE', value: String(base) },
                { name: 'EDDY_HEADLESS_SERVICE', value: name },
                { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              ],
              envFrom: [{ configMapRef: { name: 'eddy-config-abc123' } }],
              ports: [
                { name: 'client', containerPort: 9092 },
                { name: 'internal', containerPort: 9093 },
              ],
            },
          ],
        },
      },
    },
  };
}

const pdb = (role: string, maxUnavailable: unknown = 1): Obj => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: `eddy-${role}`, namespace: 'eddy' },
  spec: { maxUnavailable, selector: { matchLabels: { 'app.kubernetes.io/name': 'eddy', 'app.kubernetes.io/component': role } } },
});

function render(change: (r: { controller: Obj; storage: Obj; config: Obj; pdbs: Obj[] }) => void = () => undefined): Obj[] {
  const r = {
    controller: statefulSet('controller', 3, 1),
    storage: statefulSet('storage', 5, 101),
    config: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'eddy-config-abc123', namespace: 'eddy' },
      data: {
        EDDY_CONTROLLERS: '1@eddy-controller-0.eddy-controller:9093,2@eddy-controller-1.eddy-controller.eddy.svc:9093,3@eddy-controller-2.eddy-controller:9093',
        EDDY_BALANCER_INTERVAL_MS: '10000',
        EDDY_NODE_REPLACEMENT_TIMEOUT_MS: '600000',
        EDDY_REASSIGNMENT_MAX_CONCURRENT: '4',
      },
    },
    pdbs: [pdb('controller'), pdb('storage')],
  };
  change(r);
  return [r.config, r.controller, r.storage, ...r.pdbs];
}

function setEnv(sts: Obj, name: string, value: string): void {
  const entry = (sts.spec.template.spec.containers[0].env as Obj[]).find((e) => e.name === name);
  if (!entry) throw new Error(`no ${name}`);
  entry.value = value;
}

describe('deploy: Eddy shape rules (eddy-shape.mjs)', () => {
  it('accepts 3 controllers and 5 storage nodes that name each other right', () => {
    expect(checkEddyShape(render())).toEqual([]);
  });

  it('refuses a quorum list that leaves out a controller pod or names one that does not exist', () => {
    const fewer = checkEddyShape(render((r) => (r.controller.spec.replicas = 4)));
    expect(fewer).toEqual([expect.stringContaining('leaves out controller 4 (pod eddy-controller-3)')]);
    const more = checkEddyShape(render((r) => (r.controller.spec.replicas = 1)));
    expect(more.join('\n')).toMatch(/2@eddy-controller-1\.eddy-controller\.eddy\.svc:9093 names node id 2, but StatefulSet\/eddy-controller runs ids 1-1/);
  });

  it('refuses a quorum entry whose host is not that controller pod, or whose port is not internal', () => {
    const p = checkEddyShape(render((r) => (r.config.data.EDDY_CONTROLLERS = '1@eddy-controller-1.eddy-controller:9093,2@eddy-controller-1.eddy-controller:9092,3@eddy-controller-2.eddy-controller:9093')));
    expect(p).toHaveLength(2);
    expect(p[0]).toContain('node 1 is pod eddy-controller-0');
    expect(p[1]).toContain("not the controllers' internal port 9093");
  });

  it('refuses node id ranges that meet (storage pods growing into the controller ids)', () => {
    const p = checkEddyShape(render((r) => setEnv(r.storage, 'EDDY_NODE_ID_BASE', '3')));
    expect(p).toEqual(['node ids of StatefulSet/eddy-controller (1-3) and StatefulSet/eddy-storage (3-7) overlap']);
  });

  it('refuses pods that do not read the ConfigMap, or a headless service that is not theirs', () => {
    expect(checkEddyShape(render((r) => (r.storage.spec.template.spec.containers[0].envFrom = []))).join('\n')).toContain(
      'StatefulSet/eddy-storage: the eddy container does not read the eddy-config ConfigMap',
    );
    expect(checkEddyShape(render((r) => setEnv(r.storage, 'EDDY_HEADLESS_SERVICE', 'eddy-controller'))).join('\n')).toContain('EDDY_HEADLESS_SERVICE is "eddy-controller"');
  });

  it('refuses balancer settings outside the server ranges', () => {
    const p = checkEddyShape(
      render((r) => {
        r.config.data.EDDY_REASSIGNMENT_MAX_CONCURRENT = '0';
        r.config.data.EDDY_BALANCER_INTERVAL_MS = '10s';
      }),
    );
    expect(p).toEqual([
      'ConfigMap/eddy-config-abc123: EDDY_BALANCER_INTERVAL_MS="10s" is not an integer ≥ 0',
      'ConfigMap/eddy-config-abc123: EDDY_REASSIGNMENT_MAX_CONCURRENT="0" is not an integer from 1 to 10000',
    ]);
  });

  it('wants exactly one PodDisruptionBudget of maxUnavailable 1 per StatefulSet', () => {
    expect(checkEddyShape(render((r) => (r.pdbs = [pdb('controller')])))).toEqual(['StatefulSet/eddy-storage: no PodDisruptionBudget selects its pods']);
    expect(checkEddyShape(render((r) => (r.pdbs = [pdb('controller'), pdb('storage', '50%')])))).toEqual([
      'StatefulSet/eddy-storage: PodDisruptionBudget/eddy-storage has maxUnavailable "50%", not 1',
    ]);
    const twice = { ...pdb('storage'), metadata: { name: 'extra', namespace: 'eddy' } };
    expect(checkEddyShape(render((r) => r.pdbs.push(twice)))[0]).toContain('2 PodDisruptionBudgets select its pods (eddy-storage, extra)');
  });

  it('wants a grace period above the shutdown deadline and no preStop hook', () => {
    const p = checkEddyShape(
      render((r) => {
        r.storage.spec.template.spec.terminationGracePeriodSeconds = 60;
        r.controller.spec.template.spec.containers[0].lifecycle = { preStop: { exec: { command: ['sleep', '5'] } } };
      }),
    );
    expect(p).toHaveLength(2);
    expect(p.join('\n')).toContain("StatefulSet/eddy-storage: terminationGracePeriodSeconds 60 does not outlast the server's 60 s shutdown deadline");
    expect(p.join('\n')).toContain('StatefulSet/eddy-controller: a preStop hook delays SIGTERM');
  });

  it("matches the server: the balancer settings' defaults and the shutdown deadline", () => {
    const defaults = serverConfigSchema.parse({ nodeId: 1, controllers: '1@localhost:9093', dataDir: '/tmp/x' });
    expect(BALANCER_SETTINGS.EDDY_BALANCER_INTERVAL_MS.default).toBe(defaults.balancerIntervalMs);
    expect(BALANCER_SETTINGS.EDDY_NODE_REPLACEMENT_TIMEOUT_MS.default).toBe(defaults.nodeReplacementTimeoutMs);
    expect(BALANCER_SETTINGS.EDDY_REASSIGNMENT_MAX_CONCURRENT.default).toBe(defaults.reassignmentMaxConcurrent);
    // The base ConfigMap writes the defaults out.
    const base = readFileSync(path.join(root, 'deploy/k8s/base/kustomization.yaml'), 'utf8');
    for (const [key, { default: d }] of Object.entries(BALANCER_SETTINGS)) expect(base).toContain(`- ${key}=${d}\n`);
    expect(base).toContain(`- EDDY_STORAGE_MIN_FREE_BYTES=${defaults.storageMinFreeBytes}\n`);
    expect(base).toContain(`- EDDY_SCRUB_BYTES_PER_SEC=${defaults.scrubBytesPerSec}\n`);
    const command = readFileSync(path.join(root, 'packages/cli/src/server/server-command.ts'), 'utf8');
    expect(command).toMatch(new RegExp(`SHUTDOWN_DEADLINE_MS = ${SERVER_SHUTDOWN_DEADLINE_S}_000;`));
  });

  // The real overlays, rendered as deploy/ci/check.sh renders them.
  const kubectl = ['/usr/bin/kubectl', '/usr/local/bin/kubectl', path.join(homedir(), '.cache/eddy-deploy-ci/kubectl/kubectl')].find((p) => existsSync(p));
  const yamlModule = path.join(process.env.EDDY_DEPLOY_CI_CACHE ?? path.join(homedir(), '.cache/eddy-deploy-ci'), 'models/node_modules/yaml/dist/index.js');
  const canRender = kubectl !== undefined && existsSync(yamlModule);
  if (!canRender) console.warn('SKIP deploy overlays: no kubectl or no cached yaml package (run bash deploy/ci/check.sh once)');
  it.skipIf(!canRender)('every overlay passes (dev, production, secure)', async () => {
    const YAML = (await import(pathToFileURL(yamlModule).href)) as { parseAllDocuments(text: string): { toJS(): unknown }[] };
    for (const overlay of ['dev', 'production', 'secure', 'tiered']) {
      const text = execFileSync(kubectl as string, ['kustomize', path.join(root, 'deploy/k8s/overlays', overlay)], { encoding: 'utf8' });
      const objects = YAML.parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);
      expect(objects.length).toBeGreaterThan(5);
      expect({ overlay, problems: checkEddyShape(objects) }).toEqual({ overlay, problems: [] });
    }
  });
});
