// Original file: proto/eddy/v1/admin.proto

import type { PartitionMove as _eddy_v1_PartitionMove, PartitionMove__Output as _eddy_v1_PartitionMove__Output } from '../../eddy/v1/PartitionMove.js';

export interface RebalanceResponse {
  /**
   * The planned moves, in the order they start.
   */
  'moves'?: (_eddy_v1_PartitionMove)[];
  /**
   * False for a dry run, or when the cluster is already balanced.
   */
  'started'?: (boolean);
  /**
   * Leaderships the plan hands back to preferred replicas.
   */
  'preferredLeaderMoves'?: (number);
}

export interface RebalanceResponse__Output {
  /**
   * The planned moves, in the order they start.
   */
  'moves': (_eddy_v1_PartitionMove__Output)[];
  /**
   * False for a dry run, or when the cluster is already balanced.
   */
  'started': (boolean);
  /**
   * Leaderships the plan hands back to preferred replicas.
   */
  'preferredLeaderMoves': (number);
}
