// Original file: proto/eddy/v1/admin.proto


export interface DeleteTopicRequest {
  'name'?: (string);
}

export interface DeleteTopicRequest__Output {
  'name': (string);
}
