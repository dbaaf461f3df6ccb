// Loads the wire contract (proto/eddy/v1) at run time with @grpc/proto-loader.
// The options here must match scripts/gen-proto.mjs, which generates the types
// in ../generated from the same files.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPackageDefinition, type GrpcObject } from '@grpc/grpc-js';
import { loadSync, type Options, type PackageDefinition } from '@grpc/proto-loader';
import type { ProtoGrpcType as AdminProto } from '../generated/admin.js';
import type { ProtoGrpcType as ClusterProto } from '../generated/cluster.js';
import type { ProtoGrpcType as FetchProto } from '../generated/fetch.js';
import type { ProtoGrpcType as GroupProto } from '../generated/group.js';
import type { ProtoGrpcType as MetadataProto } from '../generated/metadata.js';
import type { ProtoGrpcType as ProduceProto } from '../generated/produce.js';
import type { ProtoGrpcType as RaftProto } from '../generated/raft.js';

export const LOADER_OPTIONS: Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

/** Directory holding eddy/v1/*.proto: the repo's proto/ (dist/grpc → ../../../../proto). */
export const PROTO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../proto');

export function protoFiles(): string[] {
  return readdirSync(path.join(PROTO_ROOT, 'eddy/v1'))
    .filter((f) => f.endsWith('.proto'))
    .sort()
    .map((f) => `eddy/v1/${f}`);
}

type Merge<T> = { eddy: { v1: T } };
type V1<T extends { eddy: { v1: unknown } }> = T['eddy']['v1'];
export type EddyProto = Merge<
  V1<AdminProto> & V1<ClusterProto> & V1<FetchProto> & V1<GroupProto> & V1<MetadataProto> & V1<ProduceProto> & V1<RaftProto>
>;

let cached: { definition: PackageDefinition; proto: EddyProto } | undefined;

/** The package definition (for reflection) and typed service constructors, loaded once per process. */
export function loadEddyProto(): { definition: PackageDefinition; proto: EddyProto } {
  if (!cached) {
    const definition = loadSync(protoFiles(), { ...LOADER_OPTIONS, includeDirs: [PROTO_ROOT] });
    const proto = loadPackageDefinition(definition) as GrpcObject as unknown as EddyProto;
    cached = { definition, proto };
  }
  return cached;
}
