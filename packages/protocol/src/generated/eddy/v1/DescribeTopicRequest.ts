// Original file: proto/eddy/v1/admin.proto


export interface DescribeTopicRequest {
  'name'?: (string);
}

export interface DescribeTopicRequest__Output {
  'name': (string);
}
