// Health probe of the Eddy pods when the listeners use TLS: the kubelet's own
// `grpc` probe speaks plaintext only, so the secure overlay runs this as an
// `exec` probe instead. It calls grpc.health.v1.Health/Check (service "") on
// the client listener and exits 0 only when the answer is SERVING.
//   node /usr/local/lib/eddy/grpc-health.mjs [host:port]   (default 127.0.0.1:9092)
// With EDDY_TLS_CA, EDDY_TLS_CERT and EDDY_TLS_KEY set (as for the server), it
// connects with TLS, checks the server's chain against the CA and presents the
// node's own certificate. The host name is not checked: the probe dials its own
// pod on loopback, which no certificate names. Without them: plaintext.
// @grpc/grpc-js comes from the application's own node_modules (EDDY_APP_DIR,
// default /app); the two messages are encoded by hand, so no .proto is needed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const target = process.argv[2] ?? process.env.EDDY_HEALTH_ADDRESS ?? '127.0.0.1:9092';
const timeoutMs = Number(process.env.EDDY_HEALTH_TIMEOUT_MS ?? 4000);
const appDir = process.env.EDDY_APP_DIR ?? '/app';

function fail(message) {
  process.stderr.write(`grpc-health: ${target}: ${message}\n`);
  process.exit(1);
}

let grpc;
try {
  grpc = createRequire(join(appDir, 'packages/protocol/package.json'))('@grpc/grpc-js');
} catch (err) {
  fail(`cannot load @grpc/grpc-js from ${appDir}: ${err.message}`);
}

const { EDDY_TLS_CA: caFile, EDDY_TLS_CERT: certFile, EDDY_TLS_KEY: keyFile } = process.env;
let creds;
let options = {};
if (caFile || certFile || keyFile) {
  if (!(caFile && certFile && keyFile)) fail('set all of EDDY_TLS_CA, EDDY_TLS_CERT and EDDY_TLS_KEY, or none');
  let ca, cert, key;
  try {
    [ca, cert, key] = [caFile, certFile, keyFile].map((f) => readFileSync(f));
  } catch (err) {
    fail(`cannot read the TLS files: ${err.message}`);
  }
  creds = grpc.credentials.createSsl(ca, key, cert, { checkServerIdentity: () => undefined });
  // A name for SNI (an IP address is not allowed there); it is not checked.
  options = { 'grpc.ssl_target_name_override': 'localhost', 'grpc.default_authority': 'localhost' };
} else {
  creds = grpc.credentials.createInsecure();
}

// HealthCheckRequest { service = "" } is the empty message; HealthCheckResponse
// is { status (field 1, enum) }, SERVING = 1.
const STATUS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];
function decodeStatus(buf) {
  let status = 0;
  for (let i = 0; i < buf.length; ) {
    const tag = buf[i++];
    if (tag === 0x08) {
      let v = 0;
      let shift = 0;
      let b;
      do {
        b = buf[i++];
        v |= (b & 0x7f) << shift;
        shift += 7;
      } while (b & 0x80 && shift < 35);
      status = v;
    } else {
      throw new Error(`unexpected field tag ${tag} in HealthCheckResponse`);
    }
  }
  return status;
}

const client = new grpc.Client(target, creds, options);
client.makeUnaryRequest(
  '/grpc.health.v1.Health/Check',
  () => Buffer.alloc(0),
  (buf) => decodeStatus(buf),
  {},
  new grpc.Metadata(),
  { deadline: Date.now() + timeoutMs },
  (err, status) => {
    client.close();
    if (err) fail(`${err.code === grpc.status.DEADLINE_EXCEEDED ? 'no answer' : 'call failed'}: ${err.details || err.message}`);
    if (status !== 1) fail(`status ${STATUS[status] ?? status}`);
    process.exit(0);
  },
);
