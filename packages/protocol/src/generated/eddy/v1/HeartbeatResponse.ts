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
  /**
   * The session timeout in effect for this member: the one asked for, held within the
   * coordinator's bounds, or its default when 0 was asked. Without a successful
   * heartbeat for this long the coordinator may give the member's partitions to others.
   */
  'sessionTimeoutMs'?: (number);
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
  /**
   * The session timeout in effect for this member: the one asked for, held within the
   * coordinator's bounds, or its default when 0 was asked. Without a successful
   * heartbeat for this long the coordinator may give the member's partitions to others.
   */
  'sessionTimeoutMs': (number);
}
