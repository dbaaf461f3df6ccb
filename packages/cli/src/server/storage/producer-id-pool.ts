// Producer ids for idempotent producers, handed out from blocks the controller
// allocates (DESIGN §6), so a node asks the quorum once per block.
import type { ProducerIdSource } from '@eddy/storage-node';
import type { ControllerLink } from './controller-link.js';

export class ProducerIdPool implements ProducerIdSource {
  private next_ = 0n;
  private end = 0n;
  private refill: Promise<void> | undefined;

  constructor(private readonly link: ControllerLink) {}

  async next(): Promise<{ producerId: bigint; producerEpoch: number }> {
    while (this.next_ >= this.end) {
      this.refill ??= this.link.allocateProducerIds().then(
        (block) => {
          this.next_ = BigInt(block.firstProducerId);
          this.end = this.next_ + BigInt(block.count);
          this.refill = undefined;
        },
        (err: unknown) => {
          this.refill = undefined;
          throw err;
        },
      );
      await this.refill;
    }
    return { producerId: this.next_++, producerEpoch: 0 };
  }
}
