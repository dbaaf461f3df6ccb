// Internal topics ("__" names, e.g. __consumer_offsets) are written by Eddy
// alone: the group coordinator appends its records straight to the partition
// replica (group-coordinator.ts), never through ProduceService. A client record
// there would be replayed by the coordinator as group state, so clients may not
// produce to them (the "__" rule: isInternalTopic in @eddy/protocol).
import { isInternalTopic, UnauthorizedError } from '@eddy/protocol';

/** Throws UnauthorizedError for a produce to an internal topic; nothing is written. */
export function refuseInternalTopicProduce(topic: string): void {
  if (!isInternalTopic(topic)) return;
  throw new UnauthorizedError(
    `cannot produce to topic "${topic}": names starting with "__" are Eddy's internal topics, written only by Eddy itself ` +
      '(__consumer_offsets holds the groups\' committed offsets; commit through GroupService CommitOffsets instead); nothing was written',
    { details: { topic } },
  );
}
