// Original file: proto/eddy/v1/admin.proto


export interface CreateAclsResponse {
  /**
   * How many bindings were new.
   */
  'created'?: (number);
}

export interface CreateAclsResponse__Output {
  /**
   * How many bindings were new.
   */
  'created': (number);
}
