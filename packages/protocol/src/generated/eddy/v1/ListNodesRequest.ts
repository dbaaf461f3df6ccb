// Original file: proto/eddy/v1/admin.proto


export interface ListNodesRequest {
}

export interface ListNodesRequest__Output {
}
