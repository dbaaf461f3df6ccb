// Original file: proto/eddy/v1/admin.proto


export interface AddControllerVoterRequest {
  'nodeId'?: (number);
}

export interface AddControllerVoterRequest__Output {
  'nodeId': (number);
}
