// Original file: proto/eddy/v1/admin.proto


export interface DescribeClusterRequest {
}

export interface DescribeClusterRequest__Output {
}
