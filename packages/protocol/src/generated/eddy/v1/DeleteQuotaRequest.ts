// Original file: proto/eddy/v1/admin.proto


export interface DeleteQuotaRequest {
  'principal'?: (string);
}

export interface DeleteQuotaRequest__Output {
  'principal': (string);
}
