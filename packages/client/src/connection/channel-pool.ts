// One gRPC channel per node address, shared by every service client talking to
// that node and reused for the client's lifetime (HTTP/2 multiplexes calls).
import { ChannelCredentials, Channel, type ChannelOptions } from '@grpc/grpc-js';
import { loadEddyProto, MAX_MESSAGE_BYTES, type wire } from '@eddy/protocol';
import { systemClock, type Clock } from '../retry/clock.js';
import { ProduceStream } from './produce-stream.js';

/** The typed service clients for one node, all on one channel. */
export interface NodeClients {
  address: string;
  channel: Channel;
  metadata: wire.MetadataServiceClient;
  produce: wire.ProduceServiceClient;
  /** Produce requests pipelined on one stream (what the producer uses). */
  produceStream: ProduceStream;
  fetch: wire.FetchServiceClient;
  admin: wire.AdminServiceClient;
  group: wire.GroupServiceClient;
}

const CHANNEL_OPTIONS: ChannelOptions = {
  'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
  'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_permit_without_calls': 1,
  // Reconnect quickly after a node restarts (grpc's default backoff starts at 1 s).
  'grpc.initial_reconnect_backoff_ms': 100,
  'grpc.max_reconnect_backoff_ms': 2_000,
};

export class ChannelPool {
  private readonly byAddress = new Map<string, NodeClients>();
  private closed = false;

  /** Every channel uses these credentials (plaintext by default; see security.ts); produce deadlines run on `clock`. */
  constructor(
    private readonly credentials: ChannelCredentials = ChannelCredentials.createInsecure(),
    private readonly clock: Clock = systemClock,
  ) {}

  /** The clients for an address, creating its channel on first use. */
  get(address: string): NodeClients {
    if (this.closed) throw new Error('channel pool is closed');
    let clients = this.byAddress.get(address);
    if (!clients) {
      const { proto } = loadEddyProto();
      const v1 = proto.eddy.v1;
      const credentials = this.credentials;
      const channel = new Channel(address, credentials, CHANNEL_OPTIONS);
      const opts = { channelOverride: channel };
      const produce = new v1.ProduceService(address, credentials, opts);
      clients = {
        address,
        channel,
        metadata: new v1.MetadataService(address, credentials, opts),
        produce,
        produceStream: new ProduceStream(produce, address, this.clock),
        fetch: new v1.FetchService(address, credentials, opts),
        admin: new v1.AdminService(address, credentials, opts),
        group: new v1.GroupService(address, credentials, opts),
      };
      this.byAddress.set(address, clients);
    }
    return clients;
  }

  get size(): number {
    return this.byAddress.size;
  }

  close(): void {
    this.closed = true;
    for (const c of this.byAddress.values()) {
      c.metadata.close();
      c.produceStream.close();
      c.produce.close();
      c.fetch.close();
      c.admin.close();
      c.group.close();
      c.channel.close();
    }
    this.byAddress.clear();
  }
}
