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
// cert-manager's objects (cert-manager.io/v1 Issuer, ClusterIssuer,
// Certificate) have no schema in kubernetes-models: they are checked by hand
// below, structurally (known fields only, required fields, enums, durations,
// issuer references that resolve), and the cert-manager CSI driver's volume
// attributes likewise. Any other apiVersion without a schema fails.
// Across each render:
// - every ServiceAccount subject of a RoleBinding or ClusterRoleBinding names
//   a namespace, and the render holds that ServiceAccount in that namespace
//   (a binding whose subject kept another namespace grants nothing to the
//   pods, or grants it to another namespace's account);
// - every Certificate's and CSI volume's issuer is an Issuer of the render in
//   the same namespace (or a ClusterIssuer of the render);
// - EDDY_REMOTE_STORAGE (--remote-storage), wherever a container or a ConfigMap
//   sets it, is a remote-tier URL the server accepts: file:///abs/path or
//   s3://bucket[/prefix][?endpoint=http(s)://host:port&region=r&path-style=true|false],
//   with no credentials in it (they belong in a Secret);
// - Eddy's own rules (eddy-shape.mjs): node id ranges, the controller quorum
//   list against the controller pods, one ConfigMap, balancer settings, a
//   PodDisruptionBudget of maxUnavailable 1 per StatefulSet, grace periods.
// Prints one line per problem and exits 1 if there is any.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkEddyShape } from './eddy-shape.mjs';

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

// ---- cert-manager (no schema in kubernetes-models) --------------------------

const CERT_MANAGER_API = 'cert-manager.io/v1';
const CSI_DRIVER = 'csi.cert-manager.io';
// cert-manager's KeyUsage values (pkg/apis/certmanager/v1 types.go).
const KEY_USAGES = new Set([
  'signing', 'digital signature', 'content commitment', 'key encipherment', 'key agreement', 'data encipherment',
  'cert sign', 'crl sign', 'encipher only', 'decipher only', 'any', 'server auth', 'client auth', 'code signing',
  'email protection', 's/mime', 'ipsec end system', 'ipsec tunnel', 'ipsec user', 'timestamping', 'ocsp signing',
  'microsoft sgc', 'netscape sgc',
]);
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isStr = (v) => typeof v === 'string' && v.length > 0;

/** Problems of `value` against `shape`: { field: check } where check(v, at) returns problems; unknown fields fail. */
function fields(value, shape, at, required = []) {
  if (!isObj(value)) return [`${at} must be an object`];
  const out = [];
  for (const key of required) if (value[key] === undefined) out.push(`${at}.${key} is required`);
  for (const [key, v] of Object.entries(value)) {
    if (!(key in shape)) out.push(`${at}.${key} is not a field of ${at} (known: ${Object.keys(shape).join(', ')})`);
    else out.push(...shape[key](v, `${at}.${key}`));
  }
  return out;
}
const any = () => [];
const str = (v, at) => (isStr(v) ? [] : [`${at} must be a non-empty string`]);
const bool = (v, at) => (typeof v === 'boolean' ? [] : [`${at} must be true or false`]);
const int = (v, at) => (Number.isInteger(v) ? [] : [`${at} must be an integer`]);
const oneOf = (...allowed) => (v, at) => (allowed.includes(v) ? [] : [`${at} is ${JSON.stringify(v)}, not one of ${allowed.join(', ')}`]);
const duration = (v, at) => (typeof v === 'string' && GO_DURATION.test(v) ? [] : [`${at} ${JSON.stringify(v)} is not a duration (e.g. 720h)`]);
const strList = (v, at) => (Array.isArray(v) && v.every(isStr) ? [] : [`${at} must be a list of non-empty strings`]);
const usages = (v, at) =>
  Array.isArray(v) ? v.filter((u) => !KEY_USAGES.has(u)).map((u) => `${at}: ${JSON.stringify(u)} is not a key usage`) : [`${at} must be a list`];
const metadata = (v, at) => fields(v, { name: str, namespace: str, labels: any, annotations: any }, at, ['name']);
const issuerRef = (v, at) => fields(v, { name: str, kind: str, group: str }, at, ['name']);

const ISSUER_SPEC = {
  selfSigned: (v, at) => fields(v, { crlDistributionPoints: strList }, at),
  ca: (v, at) => fields(v, { secretName: str, crlDistributionPoints: strList, ocspServers: strList, issuingCertificateURL: str }, at, ['secretName']),
  acme: any,
  vault: any,
  venafi: any,
};
const CERTIFICATE_SPEC = {
  secretName: str,
  issuerRef,
  commonName: str,
  literalSubject: str,
  subject: any,
  dnsNames: strList,
  ipAddresses: strList,
  uris: strList,
  emailAddresses: strList,
  otherNames: any,
  duration,
  renewBefore: duration,
  renewBeforePercentage: int,
  isCA: bool,
  usages,
  encodeUsagesInRequest: bool,
  revisionHistoryLimit: int,
  secretTemplate: (v, at) => fields(v, { labels: any, annotations: any }, at),
  keystores: any,
  additionalOutputFormats: any,
  nameConstraints: any,
  privateKey: (v, at) =>
    fields(
      v,
      {
        algorithm: oneOf('RSA', 'ECDSA', 'Ed25519'),
        size: int,
        encoding: oneOf('PKCS1', 'PKCS8'),
        rotationPolicy: oneOf('Never', 'Always'),
      },
      at,
    ),
};

/** Structural problems of a cert-manager.io/v1 object. */
function checkCertManager(obj) {
  const top = { apiVersion: any, kind: any, metadata, spec: any, status: any };
  const out = fields(obj, top, 'object', ['metadata', 'spec']);
  switch (obj.kind) {
    case 'Issuer':
    case 'ClusterIssuer': {
      out.push(...fields(obj.spec, ISSUER_SPEC, 'spec'));
      const types = Object.keys(isObj(obj.spec) ? obj.spec : {});
      if (types.length !== 1) out.push(`spec must configure exactly one issuer type (${Object.keys(ISSUER_SPEC).join(', ')}), not ${types.length}`);
      break;
    }
    case 'Certificate': {
      out.push(...fields(obj.spec, CERTIFICATE_SPEC, 'spec', ['secretName', 'issuerRef']));
      const s = isObj(obj.spec) ? obj.spec : {};
      if (![s.commonName, s.literalSubject, s.dnsNames, s.uris, s.emailAddresses, s.ipAddresses, s.otherNames].some((x) => x !== undefined && x.length !== 0)) {
        out.push('spec names nothing: set commonName, literalSubject, dnsNames, uris, emailAddresses, ipAddresses or otherNames');
      }
      if (s.privateKey?.algorithm === 'ECDSA' && s.privateKey.size !== undefined && ![256, 384, 521].includes(s.privateKey.size)) {
        out.push(`spec.privateKey.size ${s.privateKey.size} is not an ECDSA curve size (256, 384, 521)`);
      }
      if (s.privateKey?.encoding === 'PKCS1' && ['ECDSA', 'Ed25519'].includes(s.privateKey.algorithm)) out.push('spec.privateKey: PKCS1 encoding is for RSA keys only');
      break;
    }
    default:
      out.push(`kind ${obj.kind} of ${CERT_MANAGER_API} is not checked here: add it to checkCertManager`);
  }
  return out;
}

// The cert-manager CSI driver's volume attributes (csi-driver pkg/apis/v1alpha1).
const CSI_ATTRIBUTES = new Set(
  [
    'issuer-name', 'issuer-kind', 'issuer-group', 'literal-subject', 'common-name', 'organizations', 'organizationalunits',
    'countries', 'provinces', 'localities', 'streetaddresses', 'postalcodes', 'serialnumber', 'dns-names', 'ip-sans',
    'uri-sans', 'duration', 'is-ca', 'key-usages', 'key-algorithm', 'key-encoding', 'key-size', 'ca-file',
    'certificate-file', 'privatekey-file', 'fs-group', 'renew-before', 'reuse-private-key', 'pkcs12-enable',
    'pkcs12-filename', 'pkcs12-password',
  ].map((a) => `${CSI_DRIVER}/${a}`),
);
const CSI_VARIABLES = new Set(['POD_NAME', 'POD_NAMESPACE', 'POD_UID', 'SERVICE_ACCOUNT_NAME']);

/** Problems of one csi.cert-manager.io volume. */
function checkCsiVolume(vol, at) {
  const out = [];
  if (vol.csi.readOnly !== true) out.push(`${at}: the driver mounts read-only only: set csi.readOnly: true`);
  const a = vol.csi.volumeAttributes ?? {};
  for (const key of Object.keys(a)) if (!CSI_ATTRIBUTES.has(key)) out.push(`${at}: ${key} is not an attribute of ${CSI_DRIVER}`);
  if (!isStr(a[`${CSI_DRIVER}/issuer-name`])) out.push(`${at}: ${CSI_DRIVER}/issuer-name is required`);
  for (const [key, value] of Object.entries(a)) {
    for (const m of String(value).matchAll(/\$\{([^}]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g)) {
      const name = m[1] ?? m[2];
      if (!CSI_VARIABLES.has(name)) out.push(`${at}: ${key} uses \${${name}}; the driver knows only ${[...CSI_VARIABLES].join(', ')}`);
    }
  }
  const list = (k) => String(a[`${CSI_DRIVER}/${k}`] ?? '').split(',').map((x) => x.trim());
  if (a[`${CSI_DRIVER}/key-usages`] !== undefined) {
    for (const u of list('key-usages')) if (!KEY_USAGES.has(u)) out.push(`${at}: key-usages: ${JSON.stringify(u)} is not a key usage`);
  }
  if (a[`${CSI_DRIVER}/dns-names`] !== undefined && list('dns-names').some((n) => n === '')) out.push(`${at}: dns-names has an empty entry`);
  for (const k of ['duration', 'renew-before']) {
    const v = a[`${CSI_DRIVER}/${k}`];
    if (v !== undefined && !GO_DURATION.test(v)) out.push(`${at}: ${k} ${JSON.stringify(v)} is not a duration`);
  }
  const alg = a[`${CSI_DRIVER}/key-algorithm`];
  const enc = a[`${CSI_DRIVER}/key-encoding`] ?? 'PKCS1';
  if (alg !== undefined && !['RSA', 'ECDSA', 'Ed25519'].includes(alg)) out.push(`${at}: key-algorithm ${alg} is not RSA, ECDSA or Ed25519`);
  if ((alg === 'ECDSA' || alg === 'Ed25519') && enc !== 'PKCS8') out.push(`${at}: ${alg} keys need key-encoding PKCS8 (the driver's default is PKCS1)`);
  const fsGroup = a[`${CSI_DRIVER}/fs-group`];
  if (fsGroup !== undefined && !/^[1-9]\d*$/.test(fsGroup)) out.push(`${at}: fs-group ${JSON.stringify(fsGroup)} is not a positive integer`);
  return out;
}

/** The pod spec of a workload object, if it has one. */
function podSpecOf(obj) {
  if (obj.kind === 'Pod') return obj.spec;
  if (obj.kind === 'CronJob') return obj.spec?.jobTemplate?.spec?.template?.spec;
  return obj.spec?.template?.spec;
}

// ---- the remote tier's URL -------------------------------------------------

const S3_PARAMS = new Set(['endpoint', 'region', 'path-style']);
const REMOTE_FORMS = 'file:///abs/path or s3://bucket/prefix?endpoint=http://host:port&region=r&path-style=true';

/** Problems of an EDDY_REMOTE_STORAGE value (the server's --remote-storage). */
function checkRemoteStorageUrl(value, at) {
  let url;
  try {
    url = new URL(value);
  } catch {
    return [`${at}: ${JSON.stringify(value)} is not a URL (${REMOTE_FORMS})`];
  }
  const out = [];
  if (url.username || url.password) out.push(`${at}: the URL holds credentials; put them in a Secret read with envFrom (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) instead`);
  if (url.protocol === 'file:') {
    if (url.host !== '') out.push(`${at}: ${JSON.stringify(value)} names host ${url.host}; a file URL has three slashes and an absolute path: file:///abs/path`);
    if (url.pathname === '/' || url.pathname === '') out.push(`${at}: ${JSON.stringify(value)} names no directory`);
    if (url.search) out.push(`${at}: a file URL takes no parameters (${url.search})`);
    return out;
  }
  if (url.protocol !== 's3:') return [`${at}: ${JSON.stringify(value)}: the scheme ${url.protocol} is not file: or s3: (${REMOTE_FORMS})`];
  if (!url.hostname) out.push(`${at}: ${JSON.stringify(value)} names no bucket (s3://bucket/prefix)`);
  else if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(url.hostname) || url.hostname.includes('..')) {
    out.push(`${at}: the bucket name ${JSON.stringify(url.hostname)} is not valid (3 to 63 lowercase letters, digits, "." and "-")`);
  }
  for (const key of new Set(url.searchParams.keys())) {
    if (!S3_PARAMS.has(key)) out.push(`${at}: ${key} is not a parameter of an s3 URL (known: ${[...S3_PARAMS].join(', ')})`);
    else if (url.searchParams.getAll(key).length > 1) out.push(`${at}: ${key} is given twice`);
  }
  const endpoint = url.searchParams.get('endpoint');
  if (endpoint !== null) {
    let e;
    try {
      e = new URL(endpoint);
    } catch {
      e = undefined;
    }
    if (!e || (e.protocol !== 'http:' && e.protocol !== 'https:')) out.push(`${at}: endpoint ${JSON.stringify(endpoint)} is not an http:// or https:// URL`);
    else if (e.username || e.password) out.push(`${at}: the endpoint holds credentials; put them in a Secret read with envFrom instead`);
    else if ((e.pathname !== '/' && e.pathname !== '') || e.search || e.hash) out.push(`${at}: endpoint ${JSON.stringify(endpoint)} has a path; give only scheme, host and port`);
  }
  const region = url.searchParams.get('region');
  if (region !== null && !/^[a-z0-9-]+$/.test(region)) out.push(`${at}: region ${JSON.stringify(region)} is not a region name (e.g. us-east-1)`);
  const pathStyle = url.searchParams.get('path-style');
  if (pathStyle !== null && pathStyle !== 'true' && pathStyle !== 'false') out.push(`${at}: path-style is ${JSON.stringify(pathStyle)}, not true or false`);
  return out;
}

/** Checks across one render: binding subjects, issuer references, CSI volumes, the remote tier's URL. */
function checkRender(objects) {
  const out = [];
  const ns = (o) => o.metadata?.namespace;
  const serviceAccounts = objects.filter((o) => o.kind === 'ServiceAccount');
  for (const b of objects.filter((o) => o.apiVersion === 'rbac.authorization.k8s.io/v1' && (o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding'))) {
    for (const [i, s] of (b.subjects ?? []).entries()) {
      if (s.kind !== 'ServiceAccount') continue;
      const at = `${b.kind}/${b.metadata?.name} subjects[${i}] (ServiceAccount ${s.name})`;
      const same = serviceAccounts.filter((sa) => sa.metadata?.name === s.name);
      if (!s.namespace) out.push(`${at} has no namespace`);
      else if (same.length === 0) out.push(`${at}: the render has no ServiceAccount ${s.name}`);
      else if (!same.some((sa) => ns(sa) === s.namespace)) {
        out.push(`${at} names namespace ${s.namespace}, but the ServiceAccount is rendered in ${same.map((sa) => ns(sa) ?? '(none)').join(', ')}`);
      }
      if (b.kind === 'RoleBinding' && s.namespace && ns(b) && s.namespace !== ns(b)) out.push(`${at}: namespace ${s.namespace} differs from the RoleBinding's ${ns(b)}`);
    }
  }
  const issuerExists = (ref, namespace) => {
    const kind = ref?.kind ?? 'Issuer';
    if (ref?.group !== undefined && ref.group !== 'cert-manager.io') return true; // an external issuer: not ours to check
    return objects.some((o) => o.apiVersion === CERT_MANAGER_API && o.kind === kind && o.metadata?.name === ref?.name && (kind === 'ClusterIssuer' || ns(o) === namespace));
  };
  for (const c of objects.filter((o) => o.apiVersion === CERT_MANAGER_API && o.kind === 'Certificate')) {
    if (isObj(c.spec?.issuerRef) && !issuerExists(c.spec.issuerRef, ns(c))) {
      out.push(`Certificate/${c.metadata?.name}: issuer ${c.spec.issuerRef.kind ?? 'Issuer'}/${c.spec.issuerRef.name} is not in the render (namespace ${ns(c) ?? 'none'})`);
    }
  }
  for (const o of objects) {
    if (o.kind === 'ConfigMap' && typeof o.data?.EDDY_REMOTE_STORAGE === 'string') {
      out.push(...checkRemoteStorageUrl(o.data.EDDY_REMOTE_STORAGE, `ConfigMap/${o.metadata?.name} EDDY_REMOTE_STORAGE`));
    }
    const pod = podSpecOf(o);
    for (const c of [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])]) {
      const env = (c.env ?? []).find((e) => e.name === 'EDDY_REMOTE_STORAGE');
      if (typeof env?.value === 'string') out.push(...checkRemoteStorageUrl(env.value, `${o.kind}/${o.metadata?.name} container ${c.name} EDDY_REMOTE_STORAGE`));
    }
    for (const vol of podSpecOf(o)?.volumes ?? []) {
      if (vol.csi?.driver !== CSI_DRIVER) continue;
      const at = `${o.kind}/${o.metadata?.name} volume ${vol.name}`;
      out.push(...checkCsiVolume(vol, at));
      const a = vol.csi.volumeAttributes ?? {};
      const ref = { name: a[`${CSI_DRIVER}/issuer-name`], kind: a[`${CSI_DRIVER}/issuer-kind`], group: a[`${CSI_DRIVER}/issuer-group`] };
      if (isStr(ref.name) && !issuerExists(ref, ns(o))) out.push(`${at}: issuer ${ref.kind ?? 'Issuer'}/${ref.name} is not in the render (namespace ${ns(o) ?? 'none'})`);
    }
  }
  return out;
}

// ---- the passes -----------------------------------------------------------

const problems = [];
const strict = [];
let count = 0;
for (const file of args) {
  const docs = YAML.parseAllDocuments(readFileSync(file, 'utf8'));
  const objects = [];
  for (const doc of docs) {
    if (doc.errors.length) {
      problems.push(`FAIL ${file}: YAML: ${doc.errors[0].message}`);
      continue;
    }
    const obj = doc.toJS();
    if (obj === null || obj === undefined) continue;
    count++;
    objects.push(obj);
    const where = `${basename(file)}: ${obj.kind ?? '?'}/${obj.metadata?.name ?? '?'}`;
    if (obj.apiVersion === CERT_MANAGER_API) {
      for (const p of checkCertManager(obj)) problems.push(`FAIL ${where}: ${p}`);
      continue;
    }
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
  for (const p of checkRender(objects)) problems.push(`FAIL ${basename(file)}: ${p}`);
  for (const p of checkEddyShape(objects)) problems.push(`FAIL ${basename(file)}: ${p}`);
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
