// Original file: proto/eddy/v1/cluster.proto


export interface QuotaRemovedRecord {
  'principal'?: (string);
}

export interface QuotaRemovedRecord__Output {
  'principal': (string);
}
