// Original file: proto/eddy/v1/cluster.proto


export interface ClusterIdRecord {
  'clusterId'?: (string);
}

export interface ClusterIdRecord__Output {
  'clusterId': (string);
}
