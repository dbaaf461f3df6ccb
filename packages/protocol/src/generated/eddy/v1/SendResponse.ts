// Original file: proto/eddy/v1/raft.proto


export interface SendResponse {
}

export interface SendResponse__Output {
}
