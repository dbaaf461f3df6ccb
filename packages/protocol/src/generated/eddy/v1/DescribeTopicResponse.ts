// Original file: proto/eddy/v1/admin.proto

import type { TopicDescription as _eddy_v1_TopicDescription, TopicDescription__Output as _eddy_v1_TopicDescription__Output } from '../../eddy/v1/TopicDescription.js';

export interface DescribeTopicResponse {
  'topic'?: (_eddy_v1_TopicDescription | null);
}

export interface DescribeTopicResponse__Output {
  'topic': (_eddy_v1_TopicDescription__Output | null);
}
