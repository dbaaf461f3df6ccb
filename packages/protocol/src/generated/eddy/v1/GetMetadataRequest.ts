// Original file: proto/eddy/v1/metadata.proto


export interface GetMetadataRequest {
  /**
   * Topics to describe; empty means every topic.
   */
  'topics'?: (string)[];
  /**
   * When true, internal topics (names starting "__") are included.
   */
  'includeInternal'?: (boolean);
}

export interface GetMetadataRequest__Output {
  /**
   * Topics to describe; empty means every topic.
   */
  'topics': (string)[];
  /**
   * When true, internal topics (names starting "__") are included.
   */
  'includeInternal': (boolean);
}
