// Original file: proto/eddy/v1/group.proto

import type { ErrorInfo as _eddy_v1_ErrorInfo, ErrorInfo__Output as _eddy_v1_ErrorInfo__Output } from '../../eddy/v1/ErrorInfo.js';

export interface OffsetCommitResult {
  'topic'?: (string);
  'partition'?: (number);
  'error'?: (_eddy_v1_ErrorInfo | null);
}

export interface OffsetCommitResult__Output {
  'topic': (string);
  'partition': (number);
  'error': (_eddy_v1_ErrorInfo__Output | null);
}
