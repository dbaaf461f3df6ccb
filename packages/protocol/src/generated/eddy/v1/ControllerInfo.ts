// Original file: proto/eddy/v1/admin.proto


export interface ControllerInfo {
  'nodeId'?: (number);
  'address'?: (string);
  'active'?: (boolean);
}

export interface ControllerInfo__Output {
  'nodeId': (number);
  'address': (string);
  'active': (boolean);
}
