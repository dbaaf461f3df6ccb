// Original file: proto/eddy/v1/group.proto

import type { TopicPartitions as _eddy_v1_TopicPartitions, TopicPartitions__Output as _eddy_v1_TopicPartitions__Output } from '../../eddy/v1/TopicPartitions.js';

export interface HeartbeatResponse {
  'memberId'?: (string);
  'memberEpoch'?: (number);
  /**
   * Send the next heartbeat within this interval.
   */
  'heartbeatIntervalMs'?: (number);
  /**
   * The partitions the member should own. A partition another member still owns is
   * withheld until that member releases it, so no partition is read by two members.
   */
  'assignment'?: (_eddy_v1_TopicPartitions)[];
}

export interface HeartbeatResponse__Output {
  'memberId': (string);
  'memberEpoch': (number);
  /**
   * Send the next heartbeat within this interval.
   */
  'heartbeatIntervalMs': (number);
  /**
   * The partitions the member should own. A partition another member still owns is
   * withheld until that member releases it, so no partition is read by two members.
   */
  'assignment': (_eddy_v1_TopicPartitions__Output)[];
}
