// Original file: proto/eddy/v1/records.proto


/**
 * A record header: a string key and optional bytes value.
 */
export interface Header {
  'key'?: (string);
  /**
   * Absent means a null header value.
   */
  'value'?: (Buffer | Uint8Array | string);
  '_value'?: "value";
}

/**
 * A record header: a string key and optional bytes value.
 */
export interface Header__Output {
  'key': (string);
  /**
   * Absent means a null header value.
   */
  'value'?: (Buffer);
  '_value'?: "value";
}
