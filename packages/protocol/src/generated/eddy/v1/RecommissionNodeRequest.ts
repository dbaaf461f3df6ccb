// Original file: proto/eddy/v1/admin.proto


export interface RecommissionNodeRequest {
  'nodeId'?: (number);
}

export interface RecommissionNodeRequest__Output {
  'nodeId': (number);
}
