// Original file: proto/eddy/v1/group.proto


export interface FindCoordinatorRequest {
  'groupId'?: (string);
}

export interface FindCoordinatorRequest__Output {
  'groupId': (string);
}
