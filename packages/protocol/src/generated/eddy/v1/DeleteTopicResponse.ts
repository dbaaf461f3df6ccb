// Original file: proto/eddy/v1/admin.proto


export interface DeleteTopicResponse {
}

export interface DeleteTopicResponse__Output {
}
