// Original file: proto/eddy/v1/admin.proto


export interface DecommissionNodeRequest {
  'nodeId'?: (number);
}

export interface DecommissionNodeRequest__Output {
  'nodeId': (number);
}
