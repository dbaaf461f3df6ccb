// What the S3 store is configured with, apart from the store itself: the
// options, their defaults and how a bucket is named in logs. Kept apart from
// s3-store.ts so that parsing a URL does not load the AWS SDK (lazy-s3-store.ts).
/** An access key, given explicitly instead of through the SDK's default chain. */
export interface RemoteStoreCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface S3RemoteStoreOptions {
  bucket: string;
  /** Key prefix in the bucket ('' = the whole bucket); a "/" is added when missing. */
  prefix?: string;
  /** Default us-east-1. */
  region?: string;
  /** An S3-compatible server, e.g. http://127.0.0.1:9000; default: AWS S3. */
  endpoint?: string;
  /** Bucket in the path rather than the host name; default true when an endpoint is given. */
  forcePathStyle?: boolean;
  /** Default: the SDK's default credential chain. A function is called when the SDK needs them. */
  credentials?: RemoteStoreCredentials | (() => Promise<RemoteStoreCredentials>);
  /** Default S3_DEFAULTS.connectionTimeoutMs. */
  connectionTimeoutMs?: number;
  /** Default S3_DEFAULTS.requestTimeoutMs. */
  requestTimeoutMs?: number;
  /** Attempts per operation, the first included; default S3_DEFAULTS.maxAttempts. */
  maxAttempts?: number;
  /** Keys per ListObjectsV2 page (S3's maximum is 1000). */
  listPageSize?: number;
}

export const S3_DEFAULTS = {
  region: 'us-east-1',
  connectionTimeoutMs: 5_000,
  requestTimeoutMs: 30_000,
  maxAttempts: 3,
  listPageSize: 1000,
} as const;

/** How a bucket and prefix at an endpoint are named in logs and errors: `s3://bucket/prefix/ at http://host:port`. */
export function describeS3Store(bucket: string, prefix: string, endpoint: string | undefined, region: string): string {
  const where = endpoint === undefined ? `AWS S3 ${region}` : redactEndpoint(endpoint);
  return `s3://${bucket}/${prefix} at ${where}`;
}

/** An endpoint without any user:password in it. */
export function redactEndpoint(endpoint: string): string {
  return endpoint.replace(/\/\/[^/@?#]*@/, '//');
}
