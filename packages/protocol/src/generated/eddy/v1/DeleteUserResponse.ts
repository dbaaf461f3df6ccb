// Original file: proto/eddy/v1/admin.proto


export interface DeleteUserResponse {
}

export interface DeleteUserResponse__Output {
}
