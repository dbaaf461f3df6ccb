// Standalone protobuf encoding of contract messages, outside any RPC: the
// controller stores MetadataRecords in its Raft log, and internal state is
// persisted with the same schema. Objects have the same shape as those
// gRPC hands to handlers (camelCase, int64 as strings, enums as strings).
import protobuf from 'protobufjs';
import { LOADER_OPTIONS, PROTO_ROOT, protoFiles } from './loader.js';
import type { MetadataBatch, MetadataBatch__Output } from '../generated/eddy/v1/MetadataBatch.js';
import type { MetadataImage, MetadataImage__Output } from '../generated/eddy/v1/MetadataImage.js';
import type { MetadataRecord, MetadataRecord__Output } from '../generated/eddy/v1/MetadataRecord.js';

let root: protobuf.Root | undefined;

function contractRoot(): protobuf.Root {
  if (!root) {
    const r = new protobuf.Root();
    r.resolvePath = (_origin, target) => (target.startsWith('/') ? target : `${PROTO_ROOT}/${target}`);
    r.loadSync(protoFiles(), { keepCase: LOADER_OPTIONS.keepCase ?? false });
    r.resolveAll();
    root = r;
  }
  return root;
}

const CONVERSION: protobuf.IConversionOptions = { longs: String, enums: String, bytes: Buffer, defaults: true, oneofs: true };

export interface MessageCodec<In, Out> {
  encode(message: In): Uint8Array;
  /** Throws on malformed bytes (the caller turns that into CORRUPT_RECORD or INVALID_REQUEST). */
  decode(bytes: Uint8Array): Out;
}

/** A codec for one message type of the contract, e.g. messageCodec('eddy.v1.MetadataRecord'). */
export function messageCodec<In extends object, Out>(fullName: string): MessageCodec<In, Out> {
  const type = contractRoot().lookupType(fullName);
  return {
    encode(message) {
      // fromObject accepts the handler-shaped objects (int64 as strings, enums as names), as grpc-js does.
      return type.encode(type.fromObject(message)).finish();
    },
    decode(bytes) {
      // protobufjs's BufferReader (what Reader.create picks for a Buffer) clamps a
      // string length that runs past the end instead of failing; the plain Reader
      // bounds-checks, and must also stop exactly at the end.
      const reader = new protobuf.Reader(bytes);
      const message = type.decode(reader);
      if (reader.pos !== bytes.length) throw new RangeError(`${fullName}: truncated or malformed (${bytes.length} bytes)`);
      return type.toObject(message, CONVERSION) as Out;
    },
  };
}

let metadataRecordCodec: MessageCodec<MetadataRecord, MetadataRecord__Output> | undefined;
export function metadataRecords(): MessageCodec<MetadataRecord, MetadataRecord__Output> {
  metadataRecordCodec ??= messageCodec<MetadataRecord, MetadataRecord__Output>('eddy.v1.MetadataRecord');
  return metadataRecordCodec;
}

let metadataBatchCodec: MessageCodec<MetadataBatch, MetadataBatch__Output> | undefined;
/** One controller log entry: the records appended together. */
export function metadataBatches(): MessageCodec<MetadataBatch, MetadataBatch__Output> {
  metadataBatchCodec ??= messageCodec<MetadataBatch, MetadataBatch__Output>('eddy.v1.MetadataBatch');
  return metadataBatchCodec;
}

let metadataImageCodec: MessageCodec<MetadataImage, MetadataImage__Output> | undefined;
/** A whole metadata image (the controller's snapshot, WatchMetadata's first event). */
export function metadataImages(): MessageCodec<MetadataImage, MetadataImage__Output> {
  metadataImageCodec ??= messageCodec<MetadataImage, MetadataImage__Output>('eddy.v1.MetadataImage');
  return metadataImageCodec;
}
