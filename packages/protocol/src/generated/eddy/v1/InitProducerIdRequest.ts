// Original file: proto/eddy/v1/produce.proto


export interface InitProducerIdRequest {
  /**
   * Reserved for transactional producers; leave empty.
   */
  'transactionalId'?: (string);
}

export interface InitProducerIdRequest__Output {
  /**
   * Reserved for transactional producers; leave empty.
   */
  'transactionalId': (string);
}
