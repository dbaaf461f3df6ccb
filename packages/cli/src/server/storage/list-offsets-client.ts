// ListOffsets against a partition's leader, for the group coordinator's lag and
// offset resets of partitions this node does not lead.
import { credentials, type ChannelCredentials } from '@grpc/grpc-js';
import { loadEddyProto, type wire } from '@eddy/protocol';
import type { OffsetQuery } from '@eddy/storage-node';
import type { MetadataCatalog } from './metadata-catalog.js';

const SPEC = { earliest: 'OFFSET_SPEC_EARLIEST', latest: 'OFFSET_SPEC_LATEST', timestamp: 'OFFSET_SPEC_TIMESTAMP' } as const;

export class ListOffsetsClient {
  private readonly clients = new Map<string, wire.FetchServiceClient>();

  constructor(
    private readonly catalog: MetadataCatalog,
    /** This node's credentials: with TLS, its node certificate, which makes it a super user on other nodes. */
    private readonly channelCredentials: ChannelCredentials = credentials.createInsecure(),
  ) {}

  async offset(topic: string, partition: number, query: OffsetQuery): Promise<number | undefined> {
    const leader = this.catalog.leaderOf(topic, partition);
    const address = leader === undefined ? undefined : this.catalog.nodeAddress(leader);
    if (!address) return undefined;
    let client = this.clients.get(address);
    if (!client) this.clients.set(address, (client = new (loadEddyProto().proto.eddy.v1.FetchService)(address, this.channelCredentials)));
    const c = client;
    const res = await new Promise<wire.ListOffsetsResponse__Output | undefined>((resolve) =>
      c.listOffsets(
        { partitions: [{ topic, partition, spec: SPEC[query.kind], timestampMs: query.kind === 'timestamp' ? query.timestampMs : 0 }] },
        { deadline: Date.now() + 5000 },
        (err, r) => resolve(err ? undefined : r),
      ),
    );
    const p = res?.partitions[0];
    if (!p || p.error) return undefined;
    const offset = Number(p.offset);
    return offset >= 0 ? offset : undefined;
  }

  close(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}
