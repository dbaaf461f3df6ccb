// zstd frames written by the reference encoder, as another implementation's
// bytes to read: `zstd --no-content-size` of the Zstandard CLI v1.5.4. They
// declare no content size (as Kafka's Java client's streaming frames do not)
// and carry a content checksum.
//   printf 'eddy %.0s' $(seq 100000) | zstd -q --no-content-size -c | base64 -w0
//   printf 'tail' | zstd -q --no-content-size -c | base64 -w0

/** 'eddy ' × 100,000 (500,000 bytes) in one frame. */
export const ZSTD_CLI_EDDY_X100000 = Buffer.from(
  'KLUv/QRYbAAAKGVkZHkgAQD4/8iLFkwAAAhkAQD8/zkQAkwAAAggAQD8/zkQAk0AAAhkAQAcoTkQAidrg1g=',
  'base64',
);

/** 'tail' in one frame of a raw block. */
export const ZSTD_CLI_TAIL = Buffer.from('KLUv/QRYIQAAdGFpbN0r+ss=', 'base64');
