import { describe, expect, it } from 'vitest';
import { messageCodec, metadataRecords } from '../../src/grpc/index.js';

describe('message codecs', () => {
  it('round-trips a MetadataRecord with its oneof, maps, int64 and enums', () => {
    const codec = metadataRecords();
    const bytes = codec.encode({ topicCreated: { name: 'orders', topicId: 'abc', replicationFactor: 3, configs: { 'retention.ms': '1000' } } });
    expect(bytes).toBeInstanceOf(Uint8Array);
    const back = codec.decode(bytes);
    expect(back.record).toBe('topicCreated');
    expect(back.topicCreated).toEqual({ name: 'orders', topicId: 'abc', replicationFactor: 3, configs: { 'retention.ms': '1000' } });

    const reg = codec.decode(codec.encode({ nodeRegistered: { nodeId: 4, nodeEpoch: '9007199254740993', roles: ['NODE_ROLE_STORAGE'] } }));
    expect(reg.nodeRegistered).toMatchObject({ nodeId: 4, nodeEpoch: '9007199254740993', roles: ['NODE_ROLE_STORAGE'] });
  });

  it('keeps optional fields absent vs empty apart', () => {
    const codec = metadataRecords();
    const deleted = codec.decode(codec.encode({ config: { scope: 'CONFIG_SCOPE_TOPIC', resource: 't', key: 'retention.ms' } }));
    const set = codec.decode(codec.encode({ config: { scope: 'CONFIG_SCOPE_TOPIC', resource: 't', key: 'retention.ms', value: '' } }));
    expect(deleted.config?.value).toBeUndefined();
    expect(set.config?.value).toBe('');
  });

  it('throws on truncated bytes instead of returning a half message', () => {
    const codec = messageCodec<object, unknown>('eddy.v1.PartitionRecord');
    const bytes = codec.encode({ topicId: 'abcdef', partition: 1, replicas: [1, 2, 3] });
    expect(() => codec.decode(bytes.subarray(0, 4))).toThrow();
    expect(() => codec.decode(Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]))).toThrow();
  });
});
