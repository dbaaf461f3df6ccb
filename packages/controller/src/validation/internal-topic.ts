// Internal topics ("__" names, e.g. __consumer_offsets) belong to Eddy itself:
// no client request deletes, alters or grows one. __consumer_offsets holds every
// group's committed offsets and its partition count decides where each group
// lives, so any of those calls would lose or scatter them. Eddy creates them on
// its own path (Controller.createTopic with `internal`, never reachable from
// AdminService), and nothing in Eddy alters or deletes them.
import { isInternalTopic, UnauthorizedError } from '@eddy/protocol';

export type InternalTopicOperation = 'delete' | 'alter the configs of' | 'add partitions to';

/** Throws UnauthorizedError when `name` is an internal topic; checked before anything else, existing or not. */
export function refuseInternalTopic(name: string, operation: InternalTopicOperation): void {
  if (!isInternalTopic(name)) return;
  throw new UnauthorizedError(
    `cannot ${operation} topic "${name}": names starting with "__" are Eddy's internal topics, which Eddy manages itself ` +
      '(__consumer_offsets holds every group\'s committed offsets); nothing was changed. ' +
      'To change a group\'s offsets use ResetOffsets (eddy group reset-offsets) or DeleteGroup',
    { details: { topic: name } },
  );
}
