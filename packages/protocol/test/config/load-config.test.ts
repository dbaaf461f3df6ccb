import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, configAddress, configBool, configInt, envName, loadConfig } from '../../src/config/index.js';

const schema = z.object({
  nodeId: configInt({ min: 0 }),
  listenAddress: configAddress().default('127.0.0.1:9092'),
  fsync: configBool().default(true),
  dataDir: z.string().min(1),
});

function tempFile(content: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'eddy-config-'));
  const file = path.join(dir, 'eddy.json');
  writeFileSync(file, content);
  return file;
}

describe('loadConfig', () => {
  it('maps camelCase keys to EDDY_ environment variables', () => {
    expect(envName('nodeId')).toBe('EDDY_NODE_ID');
    expect(envName('listenAddress')).toBe('EDDY_LISTEN_ADDRESS');
  });

  it('layers defaults < file < env < flags', () => {
    const file = tempFile(JSON.stringify({ nodeId: 1, dataDir: '/from-file', fsync: false }));
    const config = loadConfig(schema, {
      file,
      env: { EDDY_DATA_DIR: '/from-env', EDDY_NODE_ID: '2' },
      flags: { nodeId: 3 },
    });
    expect(config).toEqual({ nodeId: 3, listenAddress: '127.0.0.1:9092', fsync: false, dataDir: '/from-env' });
  });

  it('parses env strings into numbers and booleans', () => {
    expect(loadConfig(schema, { env: { EDDY_NODE_ID: '7', EDDY_FSYNC: 'false', EDDY_DATA_DIR: 'd' } })).toMatchObject({ nodeId: 7, fsync: false });
  });

  it('reports every bad field on its own line, with its source, and returns nothing', () => {
    let error: unknown;
    try {
      loadConfig(schema, { env: { EDDY_NODE_ID: 'one', EDDY_FSYNC: 'maybe', EDDY_LISTEN_ADDRESS: 'nohost' }, flags: { colour: 'red' } });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(5);
    expect(problems).toEqual(
      expect.arrayContaining([
        'colour (flag): unknown setting',
        expect.stringMatching(/^nodeId \(from EDDY_NODE_ID\): must be a number, got "one"$/),
        expect.stringMatching(/^fsync \(from EDDY_FSYNC\): must be true or false, got "maybe"$/),
        expect.stringMatching(/^listenAddress \(from EDDY_LISTEN_ADDRESS\): must be host:port, got "nohost"$/),
        expect.stringMatching(/^dataDir: /),
      ]),
    );
    expect((error as Error).message.split('\n')[0]).toBe('invalid configuration:');
  });

  it('rejects a config file that is not a JSON object, naming the file', () => {
    const file = tempFile('[1,2]');
    expect(() => loadConfig(schema, { file })).toThrow(`config file ${file}: must hold a JSON object of settings`);
    const broken = tempFile('{nodeId: 1');
    expect(() => loadConfig(schema, { file: broken })).toThrow(ConfigError);
  });
});
