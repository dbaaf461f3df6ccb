// Original file: proto/eddy/v1/admin.proto


export interface ListPartitionReassignmentsRequest {
  /**
   * Topics to list; empty means every topic.
   */
  'topics'?: (string)[];
}

export interface ListPartitionReassignmentsRequest__Output {
  /**
   * Topics to list; empty means every topic.
   */
  'topics': (string)[];
}
