// Original file: proto/eddy/v1/group.proto


export interface DeleteGroupResponse {
}

export interface DeleteGroupResponse__Output {
}
