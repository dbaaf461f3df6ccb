// Original file: proto/eddy/v1/admin.proto


export interface ListTopicsRequest {
  'includeInternal'?: (boolean);
}

export interface ListTopicsRequest__Output {
  'includeInternal': (boolean);
}
