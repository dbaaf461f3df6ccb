// Original file: proto/eddy/v1/group.proto


export interface DeleteGroupRequest {
  'groupId'?: (string);
}

export interface DeleteGroupRequest__Output {
  'groupId': (string);
}
