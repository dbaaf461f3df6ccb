// Producer ids for InitProducerId (docs/architecture.md §11): handed out from blocks the
// controller allocates (ControllerService.AllocateProducerIds), one call per
// block, so ids are unique across the cluster without a round trip per producer.
import type { ProducerIdSource } from '../grpc/produce-handlers.js';

export interface ProducerIdBlock {
  /** The block [first, first + count). */
  first: bigint;
  count: number;
}

export class ProducerIdBlocks implements ProducerIdSource {
  private nextId = 0n;
  private end = 0n;
  private pending: Promise<void> | undefined;

  constructor(private readonly allocate: () => Promise<ProducerIdBlock>) {}

  private async take(): Promise<bigint> {
    while (this.nextId >= this.end) {
      this.pending ??= this.allocate()
        .then((b) => {
          this.nextId = b.first;
          this.end = b.first + BigInt(b.count);
        })
        .finally(() => {
          this.pending = undefined;
        });
      await this.pending;
    }
    return this.nextId++;
  }

  /** A fresh id at epoch 0 (ids are never reused, so the epoch never needs bumping here). */
  async next(): Promise<{ producerId: bigint; producerEpoch: number }> {
    return { producerId: await this.take(), producerEpoch: 0 };
  }
}
