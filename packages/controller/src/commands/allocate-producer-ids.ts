// Producer ids are handed out in blocks so a partition leader asks the
// controller once per block, not once per producer (docs/architecture.md §11). The record
// moves the cluster's counter past the block, so no id is handed out twice,
// even across controller failover.
import type { MetadataImage } from '../metadata/image.js';
import { records } from '../metadata/records.js';
import { runCommand, type CommandResult } from './command-result.js';
import { requireCurrentNode } from './node-checks.js';

export const PRODUCER_ID_BLOCK_SIZE = 1000;

export interface ProducerIdBlock {
  firstProducerId: bigint;
  count: number;
}

export function allocateProducerIds(image: MetadataImage, input: { nodeId: number; epoch: number }, blockSize = PRODUCER_ID_BLOCK_SIZE): CommandResult<ProducerIdBlock> {
  return runCommand(() => {
    requireCurrentNode(image, input.nodeId, input.epoch);
    const first = image.nextProducerId;
    return { records: [records.producerIds(input.nodeId, first + BigInt(blockSize))], value: { firstProducerId: first, count: blockSize } };
  });
}
