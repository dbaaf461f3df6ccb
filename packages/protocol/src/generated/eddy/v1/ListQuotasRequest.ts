// Original file: proto/eddy/v1/admin.proto


export interface ListQuotasRequest {
}

export interface ListQuotasRequest__Output {
}
