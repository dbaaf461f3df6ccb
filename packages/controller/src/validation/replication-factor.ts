// Replication factor: at least one, and no more than live nodes can hold,
// since a partition's replicas must sit on distinct nodes. Nodes being
// decommissioned do not count: they take no new replicas.
import { InvalidReplicationFactorError, NotEnoughReplicasError } from '@eddy/protocol';

export function validateReplicationFactor(replicationFactor: number, liveNodes: number): void {
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1) {
    throw new InvalidReplicationFactorError(`replication factor ${replicationFactor} is invalid; it must be at least 1 (3 is usual)`);
  }
  if (replicationFactor > liveNodes) {
    // Retriable: starting more nodes fixes it.
    throw new NotEnoughReplicasError(
      `replication factor ${replicationFactor} needs ${replicationFactor} live storage nodes but ${liveNodes} ${liveNodes === 1 ? 'is' : 'are'} live (not counting nodes being decommissioned); start more nodes or lower the replication factor`,
    );
  }
}
