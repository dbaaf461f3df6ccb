// Original file: proto/eddy/v1/raft.proto


export interface ReplicaStatusRequest {
  /**
   * The calling node (checked against its certificate when TLS is on).
   */
  'fromNode'?: (number);
  /**
   * The Raft group: a partition's group id.
   */
  'group'?: (string);
}

export interface ReplicaStatusRequest__Output {
  /**
   * The calling node (checked against its certificate when TLS is on).
   */
  'fromNode': (number);
  /**
   * The Raft group: a partition's group id.
   */
  'group': (string);
}
