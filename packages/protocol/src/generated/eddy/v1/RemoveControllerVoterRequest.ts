// Original file: proto/eddy/v1/admin.proto


export interface RemoveControllerVoterRequest {
  'nodeId'?: (number);
}

export interface RemoveControllerVoterRequest__Output {
  'nodeId': (number);
}
