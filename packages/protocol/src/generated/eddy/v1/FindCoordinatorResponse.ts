// Original file: proto/eddy/v1/group.proto


export interface FindCoordinatorResponse {
  'nodeId'?: (number);
  'address'?: (string);
}

export interface FindCoordinatorResponse__Output {
  'nodeId': (number);
  'address': (string);
}
