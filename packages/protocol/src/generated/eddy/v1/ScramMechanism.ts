// Original file: proto/eddy/v1/admin.proto

/**
 * A SCRAM mechanism (RFC 5802, RFC 7677).
 */
export const ScramMechanism = {
  SCRAM_MECHANISM_UNSPECIFIED: 'SCRAM_MECHANISM_UNSPECIFIED',
  SCRAM_MECHANISM_SCRAM_SHA_256: 'SCRAM_MECHANISM_SCRAM_SHA_256',
  SCRAM_MECHANISM_SCRAM_SHA_512: 'SCRAM_MECHANISM_SCRAM_SHA_512',
} as const;

/**
 * A SCRAM mechanism (RFC 5802, RFC 7677).
 */
export type ScramMechanism =
  | 'SCRAM_MECHANISM_UNSPECIFIED'
  | 0
  | 'SCRAM_MECHANISM_SCRAM_SHA_256'
  | 1
  | 'SCRAM_MECHANISM_SCRAM_SHA_512'
  | 2

/**
 * A SCRAM mechanism (RFC 5802, RFC 7677).
 */
export type ScramMechanism__Output = typeof ScramMechanism[keyof typeof ScramMechanism]
