// Original file: proto/eddy/v1/admin.proto


export interface DeleteQuotaResponse {
}

export interface DeleteQuotaResponse__Output {
}
