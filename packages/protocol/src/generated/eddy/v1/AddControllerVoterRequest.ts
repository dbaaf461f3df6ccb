// Original file: proto/eddy/v1/admin.proto


export interface AddControllerVoterRequest {
  'nodeId'?: (number);
  /**
   * host:port of the new controller's internal listener (it must be running,
   * started with the quorum's --controllers list, which it is not part of).
   */
  'internalAddress'?: (string);
}

export interface AddControllerVoterRequest__Output {
  'nodeId': (number);
  /**
   * host:port of the new controller's internal listener (it must be running,
   * started with the quorum's --controllers list, which it is not part of).
   */
  'internalAddress': (string);
}
