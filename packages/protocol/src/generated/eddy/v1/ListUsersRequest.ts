// Original file: proto/eddy/v1/admin.proto


export interface ListUsersRequest {
}

export interface ListUsersRequest__Output {
}
