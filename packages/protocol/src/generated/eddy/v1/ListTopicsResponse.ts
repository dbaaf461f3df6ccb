// Original file: proto/eddy/v1/admin.proto

import type { TopicSummary as _eddy_v1_TopicSummary, TopicSummary__Output as _eddy_v1_TopicSummary__Output } from '../../eddy/v1/TopicSummary.js';

export interface ListTopicsResponse {
  'topics'?: (_eddy_v1_TopicSummary)[];
}

export interface ListTopicsResponse__Output {
  'topics': (_eddy_v1_TopicSummary__Output)[];
}
