// Checks of one rendered overlay that only Eddy's own rules can judge (no
// schema knows them). validate-k8s.mjs runs them on every render; the tests in
// test/deploy/eddy-shape.test.ts run them on hand-made renders too.
//   checkEddyShape(objects) -> ["problem", ...]   (empty: fine)
// For the Eddy StatefulSets (pods labelled app.kubernetes.io/name: eddy):
// - node ids: the entrypoint's rule (EDDY_NODE_ID_BASE + ordinal) gives each
//   StatefulSet a range [base, base + replicas); the ranges must not meet, and
//   EDDY_HEADLESS_SERVICE must be the StatefulSet's serviceName;
// - the controller quorum: EDDY_CONTROLLERS names exactly the controller pods,
//   id base + k at <sts>-k.<service>[.<namespace>[.svc]]:<internal port>, so a
//   new storage pod (any ordinal) finds the controllers and registers;
// - every pod reads the one eddy-config ConfigMap of the render (EDDY_CONTROLLERS
//   and the balancer settings come from it), whose balancer settings, when
//   set, are integers in the server's ranges;
// - a PodDisruptionBudget with maxUnavailable 1 selects each StatefulSet's
//   pods, and no other budget does;
// - terminationGracePeriodSeconds outlasts the server's own shutdown deadline
//   (60 s, packages/cli/src/server/server-command.ts), so SIGTERM's hand-over
//   of leaderships is never cut short by SIGKILL.

/** The server exits on its own this long after SIGTERM at most (SHUTDOWN_DEADLINE_MS). */
export const SERVER_SHUTDOWN_DEADLINE_S = 60;

/** The controller settings the balancer reads, with the server's bounds (server-config.ts). */
export const BALANCER_SETTINGS = {
  EDDY_BALANCER_INTERVAL_MS: { min: 0, default: 10_000 },
  EDDY_NODE_REPLACEMENT_TIMEOUT_MS: { min: 0, default: 600_000 },
  EDDY_REASSIGNMENT_MAX_CONCURRENT: { min: 1, max: 10_000, default: 4 },
};

const isEddyPod = (sts) => sts.spec?.template?.metadata?.labels?.['app.kubernetes.io/name'] === 'eddy';

/** An env variable's literal value in a container (undefined when absent or not a literal). */
function envValue(container, name) {
  return container?.env?.find((e) => e.name === name)?.value;
}

function portOf(container, portName, fallback) {
  return container?.ports?.find((p) => p.name === portName)?.containerPort ?? fallback;
}

function selects(selector, labels) {
  const match = selector?.matchLabels ?? {};
  if (selector?.matchExpressions?.length) return false; // not used by Eddy's budgets; treat as not matching
  return Object.keys(match).length > 0 && Object.entries(match).every(([k, v]) => labels?.[k] === v);
}

/** Problems of one render (a list of plain objects). */
export function checkEddyShape(objects) {
  const out = [];
  const statefulSets = objects.filter((o) => o.kind === 'StatefulSet' && isEddyPod(o));
  if (statefulSets.length === 0) return out;
  const configMaps = objects.filter((o) => o.kind === 'ConfigMap');
  const budgets = objects.filter((o) => o.kind === 'PodDisruptionBudget');

  const ranges = [];
  let controllerSet;
  const configNames = new Set();
  for (const sts of statefulSets) {
    const name = sts.metadata?.name;
    const at = `StatefulSet/${name}`;
    const pod = sts.spec.template.spec ?? {};
    const container = pod.containers?.find((c) => c.name === 'eddy') ?? pod.containers?.[0];
    const replicas = sts.spec.replicas ?? 1;
    const roles = envValue(container, 'EDDY_ROLES') ?? '';
    const base = Number(envValue(container, 'EDDY_NODE_ID_BASE'));
    if (!Number.isInteger(base) || base < 1) out.push(`${at}: EDDY_NODE_ID_BASE must be a positive integer literal (node id = base + pod ordinal)`);
    else ranges.push({ name, from: base, to: base + replicas - 1 });
    const headless = envValue(container, 'EDDY_HEADLESS_SERVICE');
    if (headless !== sts.spec.serviceName) out.push(`${at}: EDDY_HEADLESS_SERVICE is ${JSON.stringify(headless)}, not the serviceName ${JSON.stringify(sts.spec.serviceName)} (the advertised addresses would not resolve)`);
    const podName = container?.env?.find((e) => e.name === 'POD_NAME')?.valueFrom?.fieldRef?.fieldPath;
    if (podName !== 'metadata.name') out.push(`${at}: POD_NAME must come from fieldRef metadata.name (the entrypoint takes the ordinal from it)`);
    const refs = (container?.envFrom ?? []).map((e) => e.configMapRef?.name).filter(Boolean);
    const config = refs.find((r) => /^eddy-config(-[a-z0-9]+)?$/.test(r));
    if (!config) out.push(`${at}: the eddy container does not read the eddy-config ConfigMap (envFrom)`);
    else if (!configMaps.some((c) => c.metadata?.name === config)) out.push(`${at}: envFrom names ConfigMap ${config}, which the render does not hold`);
    else configNames.add(config);
    if (roles.split(',').map((r) => r.trim()).some((r) => r === 'controller' || r === 'combined')) controllerSet = { sts, container, base, replicas };

    const grace = pod.terminationGracePeriodSeconds ?? 30;
    if (!(grace > SERVER_SHUTDOWN_DEADLINE_S)) {
      out.push(`${at}: terminationGracePeriodSeconds ${grace} does not outlast the server's ${SERVER_SHUTDOWN_DEADLINE_S} s shutdown deadline (SIGKILL could cut the leadership hand-over short)`);
    }
    if (container?.lifecycle?.preStop) out.push(`${at}: a preStop hook delays SIGTERM, which is what hands leaderships over; remove it or say why here`);

    const labels = sts.spec.template.metadata?.labels;
    const mine = budgets.filter((b) => (!b.metadata?.namespace || b.metadata.namespace === sts.metadata?.namespace) && selects(b.spec?.selector, labels));
    if (mine.length === 0) out.push(`${at}: no PodDisruptionBudget selects its pods`);
    else if (mine.length > 1) out.push(`${at}: ${mine.length} PodDisruptionBudgets select its pods (${mine.map((b) => b.metadata?.name).join(', ')}); the eviction API refuses pods with more than one`);
    else if (mine[0].spec.maxUnavailable !== 1) out.push(`${at}: PodDisruptionBudget/${mine[0].metadata?.name} has maxUnavailable ${JSON.stringify(mine[0].spec.maxUnavailable)}, not 1`);
  }
  if (configNames.size > 1) out.push(`the Eddy StatefulSets read different ConfigMaps (${[...configNames].join(', ')}): one quorum list for all`);

  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      const [a, b] = [ranges[i], ranges[j]];
      if (a.from <= b.to && b.from <= a.to) out.push(`node ids of StatefulSet/${a.name} (${a.from}-${a.to}) and StatefulSet/${b.name} (${b.from}-${b.to}) overlap`);
    }
  }

  const config = configMaps.find((c) => configNames.has(c.metadata?.name));
  if (config) {
    const data = config.data ?? {};
    for (const [key, { min, max }] of Object.entries(BALANCER_SETTINGS)) {
      const v = data[key];
      if (v === undefined) continue;
      if (!/^\d+$/.test(v) || Number(v) < min || (max !== undefined && Number(v) > max)) {
        out.push(`ConfigMap/${config.metadata.name}: ${key}=${JSON.stringify(v)} is not an integer${max !== undefined ? ` from ${min} to ${max}` : ` ≥ ${min}`}`);
      }
    }
    out.push(...checkQuorum(data.EDDY_CONTROLLERS, controllerSet, config.metadata.name));
  }
  return out;
}

function checkQuorum(list, controllerSet, configName) {
  const at = `ConfigMap/${configName}: EDDY_CONTROLLERS`;
  if (!list) return [`${at} is not set (every node finds the quorum through it)`];
  if (!controllerSet) return [`${at} is set but no Eddy StatefulSet runs the controller role`];
  const { sts, container, base, replicas } = controllerSet;
  const name = sts.metadata.name;
  const service = sts.spec.serviceName;
  const ns = sts.metadata.namespace;
  const internalPort = portOf(container, 'internal', 9093);
  const out = [];
  const seen = new Set();
  for (const part of list.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\d+)@([^:@\s]+):(\d+)$/.exec(part);
    if (!m) {
      out.push(`${at}: "${part}" is not id@host:port`);
      continue;
    }
    const [id, host, port] = [Number(m[1]), m[2], Number(m[3])];
    const k = id - base;
    seen.add(id);
    if (!(k >= 0 && k < replicas)) {
      out.push(`${at}: ${part} names node id ${id}, but StatefulSet/${name} runs ids ${base}-${base + replicas - 1}`);
      continue;
    }
    const pod = `${name}-${k}.${service}`;
    const hosts = [pod, ...(ns ? [`${pod}.${ns}`, `${pod}.${ns}.svc`, `${pod}.${ns}.svc.cluster.local`] : [])];
    if (!hosts.includes(host)) out.push(`${at}: ${part}: node ${id} is pod ${name}-${k}, reached at ${pod}, not ${host}`);
    if (port !== internalPort) out.push(`${at}: ${part}: the port is not the controllers' internal port ${internalPort}`);
  }
  for (let k = 0; k < replicas; k++) {
    if (!seen.has(base + k)) out.push(`${at} leaves out controller ${base + k} (pod ${name}-${k}): StatefulSet/${name} has ${replicas} replicas; list every controller pod, so that nodes find the quorum when they restart (also after eddy controller add)`);
  }
  return out;
}
