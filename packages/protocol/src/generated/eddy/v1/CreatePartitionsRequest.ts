// Original file: proto/eddy/v1/admin.proto


export interface CreatePartitionsRequest {
  'topic'?: (string);
  /**
   * The new total partition count; must exceed the current count.
   */
  'totalCount'?: (number);
  'validateOnly'?: (boolean);
}

export interface CreatePartitionsRequest__Output {
  'topic': (string);
  /**
   * The new total partition count; must exceed the current count.
   */
  'totalCount': (number);
  'validateOnly': (boolean);
}
