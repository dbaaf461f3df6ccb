// Original file: proto/eddy/v1/group.proto

import type { TopicPartitions as _eddy_v1_TopicPartitions, TopicPartitions__Output as _eddy_v1_TopicPartitions__Output } from '../../eddy/v1/TopicPartitions.js';

export interface GroupMember {
  /**
   * The member's public id (not the id it heartbeats with).
   */
  'memberId'?: (string);
  'clientId'?: (string);
  'memberEpoch'?: (number);
  'subscribedTopics'?: (string)[];
  'assignment'?: (_eddy_v1_TopicPartitions)[];
}

export interface GroupMember__Output {
  /**
   * The member's public id (not the id it heartbeats with).
   */
  'memberId': (string);
  'clientId': (string);
  'memberEpoch': (number);
  'subscribedTopics': (string)[];
  'assignment': (_eddy_v1_TopicPartitions__Output)[];
}
