// Original file: proto/eddy/v1/cluster.proto


export interface ReportLeadersResponse {
}

export interface ReportLeadersResponse__Output {
}
