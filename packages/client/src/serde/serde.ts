// Serializers turn user values into record bytes and back. Three ship: UTF-8
// strings, JSON, and raw bytes (the identity). A serializer is a pair of pure
// functions, so users can plug in Avro or Protobuf the same way.

/** Turns values into bytes (`null` stays `null`: a null key or a tombstone). */
export interface Serializer<T> {
  serialize(value: T): Uint8Array;
}

/** Turns bytes back into values. */
export interface Deserializer<T> {
  deserialize(bytes: Uint8Array): T;
}

/** A serializer and its matching deserializer. */
export interface Serde<T> extends Serializer<T>, Deserializer<T> {}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 strings. Decoding rejects invalid UTF-8 instead of inventing replacement characters. */
export const stringSerde: Serde<string> = {
  serialize: (value) => encoder.encode(value),
  deserialize: (bytes) => decoder.decode(bytes),
};

/** JSON text in UTF-8. */
export function jsonSerde<T = unknown>(): Serde<T> {
  return {
    serialize: (value) => {
      const text = JSON.stringify(value);
      if (text === undefined) throw new TypeError('jsonSerde cannot serialize undefined or a function');
      return encoder.encode(text);
    },
    deserialize: (bytes) => JSON.parse(decoder.decode(bytes)) as T,
  };
}

/** Raw bytes, passed through unchanged (a Buffer is a Uint8Array). */
export const bytesSerde: Serde<Uint8Array> = {
  serialize: (value) => value,
  deserialize: (bytes) => bytes,
};

/** Bytes for a key or value given as a string (UTF-8) or bytes; null and undefined become null. */
export function toBytes(value: string | Uint8Array | null | undefined): Uint8Array | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? encoder.encode(value) : value;
}
