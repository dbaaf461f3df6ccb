// Original file: proto/eddy/v1/admin.proto


export interface AlterConfigsResponse {
}

export interface AlterConfigsResponse__Output {
}
