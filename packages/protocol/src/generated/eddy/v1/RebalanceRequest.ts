// Original file: proto/eddy/v1/admin.proto


export interface RebalanceRequest {
  /**
   * Plan only; start nothing.
   */
  'dryRun'?: (boolean);
  /**
   * At most this many partitions moving at once, counting moves already in progress; 0: the cluster default.
   */
  'maxMoves'?: (number);
}

export interface RebalanceRequest__Output {
  /**
   * Plan only; start nothing.
   */
  'dryRun': (boolean);
  /**
   * At most this many partitions moving at once, counting moves already in progress; 0: the cluster default.
   */
  'maxMoves': (number);
}
