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
import { startCluster, type ClusterFixture } from '../support/cluster-fixture.js';
import { PYTHON, PYTHON_DIR, generatePythonStubs, pythonGrpcAvailable } from './python-stubs.js';

const available = pythonGrpcAvailable('python gRPC interop test');

let fx: ClusterFixture | undefined;
const tmp = mkdtempSync(path.join(tmpdir(), 'eddy-py-'));
afterAll(async () => {
  await fx?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(!available)('Python grpcio client', () => {
  it('produces plain records and fetches them decoded through stubs generated from proto/', async () => {
    generatePythonStubs(tmp);

    const topic = `py-readings-${Date.now()}`;
    fx = await startCluster({ nodes: 1, roles: 'combined', topics: [{ name: topic, partitions: 1, replicationFactor: 1 }] });
    const { cluster, wire } = fx;

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
