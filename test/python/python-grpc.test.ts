// A second gRPC implementation — Python's grpcio (Debian's python3-grpcio) with
// stubs that protoc generates from proto/ — produces plain records and fetches
// them back: the API serves clients not written in TypeScript. .ci/run installs
// the Debian packages; elsewhere the test is skipped (and says so) when they
// are missing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/harness.js';
import { ServerCluster } from '../support/server-cluster.js';
import { WireClient } from '../support/wire-client.js';
import { PYTHON, PYTHON_DIR, generatePythonStubs, pythonGrpcAvailable } from './python-stubs.js';

const available = pythonGrpcAvailable('python gRPC interop test');

let cluster: ServerCluster | undefined;
let wire: WireClient | undefined;
const tmp = mkdtempSync(path.join(tmpdir(), 'eddy-py-'));
afterAll(async () => {
  wire?.close();
  await cluster?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(!available)('Python grpcio client', () => {
  it('produces plain records and fetches them decoded through stubs generated from proto/', async () => {
    generatePythonStubs(tmp);

    cluster = new ServerCluster({ nodes: 1, roles: 'combined' });
    await cluster.start();
    wire = new WireClient(cluster);
    const topic = `py-readings-${Date.now()}`;
    await wire.admin('createTopic', { name: topic, partitions: 1, replicationFactor: 1 });
    await waitFor('a leader', async () => (await wire!.leaderAddress(topic, 0)) !== undefined);

    const out = execFileSync(PYTHON, [path.join(PYTHON_DIR, 'eddy_client.py'), tmp, cluster.bootstrap, topic], { encoding: 'utf8', timeout: 60_000 });
    const result = JSON.parse(out) as { baseOffset: number; lastOffset: number; highWatermark: number; latest: number; records: { offset: number; key: string | null; value: string; headers: Record<string, string> }[]; unknownTopicError: string };
    expect(result.lastOffset - result.baseOffset).toBe(2);
    expect(result.highWatermark).toBe(result.lastOffset + 1);
    expect(result.latest).toBe(result.highWatermark);
    expect(result.records).toEqual([
      { offset: result.baseOffset, key: 'sensor-123', value: '{"sensorId": "sensor-123", "temperature": 32, "unit": "C"}', headers: { source: 'python' } },
      { offset: result.baseOffset + 1, key: 'sensor-456', value: '{"sensorId":"sensor-456","temperature":18,"unit":"C"}', headers: {} },
      { offset: result.baseOffset + 2, key: null, value: 'no key', headers: {} },
    ]);
    expect(result.unknownTopicError).toBe('UNKNOWN_TOPIC');

    // What Python wrote, TypeScript reads identically (same stored batch).
    const read = await wire.readAll(topic, 0);
    expect(read.map((r) => r.value)).toEqual(result.records.map((r) => r.value));
  });
});
