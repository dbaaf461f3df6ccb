// The remote tier in an S3 bucket, on AWS or any S3-compatible server (MinIO,
// Ceph, s3rver in tests) (docs/architecture.md §8, issue #21). Objects live
// under a key prefix in the bucket, so several clusters can share one.
//
// Credentials come from the SDK's default chain unless given: the environment
// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), the file AWS_SHARED_CREDENTIALS_FILE
// names (a mounted Kubernetes Secret works through either), then the instance's
// role. They never appear in the store's description or errors.
//
// Requests time out instead of hanging on an unreachable server: connecting
// after connectionTimeoutMs, a request after requestTimeoutMs without a byte
// moving, and a whole request after requestTimeoutMs plus one second per MiB of
// body (a 64 MiB segment on a slow link still goes). The SDK retries failed
// requests, at most maxAttempts times in all.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import {
  RemoteObjectNotFoundError,
  RemoteStoreError,
  checkListPrefix,
  checkObjectKey,
  checkRange,
  listPrefixProblem,
  type RemoteObjectInfo,
  type RemoteStore,
} from './remote-store.js';
import { S3_DEFAULTS, describeS3Store, redactEndpoint, type S3RemoteStoreOptions } from './s3-config.js';

/** A RemoteStore over an S3 bucket. */
export class S3RemoteStore implements RemoteStore {
  readonly description: string;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly endpoint: string | undefined;
  private readonly requestTimeoutMs: number;
  private readonly listPageSize: number;

  constructor(options: S3RemoteStoreOptions) {
    const region = options.region ?? S3_DEFAULTS.region;
    this.bucket = options.bucket;
    this.prefix = normalizePrefix(options.prefix ?? '');
    this.endpoint = options.endpoint;
    this.description = describeS3Store(this.bucket, this.prefix, this.endpoint, region);
    const problem = listPrefixProblem(this.prefix);
    if (problem) throw new Error(`the S3 key prefix ${JSON.stringify(options.prefix)} is not usable: ${problem}`);
    this.requestTimeoutMs = options.requestTimeoutMs ?? S3_DEFAULTS.requestTimeoutMs;
    this.listPageSize = options.listPageSize ?? S3_DEFAULTS.listPageSize;
    const config: S3ClientConfig = {
      region,
      forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
      maxAttempts: options.maxAttempts ?? S3_DEFAULTS.maxAttempts,
      requestHandler: {
        connectionTimeout: options.connectionTimeoutMs ?? S3_DEFAULTS.connectionTimeoutMs,
        socketTimeout: this.requestTimeoutMs,
        requestTimeout: this.requestTimeoutMs,
        throwOnRequestTimeout: true,
      },
    };
    if (options.endpoint !== undefined) {
      config.endpoint = options.endpoint;
      // Many S3-compatible servers do not know the newer checksum headers; the
      // data part of a segment carries its own CRCs anyway.
      config.requestChecksumCalculation = 'WHEN_REQUIRED';
      config.responseChecksumValidation = 'WHEN_REQUIRED';
    }
    if (options.credentials !== undefined) config.credentials = options.credentials;
    this.client = createClientQuietly(config);
  }

  async put(key: string, body: Buffer): Promise<void> {
    checkObjectKey(key, this.description, 'put');
    try {
      await this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: this.prefix + key, Body: body, ContentLength: body.length }),
        { requestTimeout: this.requestTimeoutMs + Math.ceil(body.length / (1024 * 1024)) * 1000 },
      );
    } catch (err) {
      throw this.failure('put', key, err);
    }
  }

  async get(key: string, start: number, end: number): Promise<Buffer> {
    checkObjectKey(key, this.description, 'get');
    if (checkRange(key, start, end, this.description)) {
      // No Range header means an empty range; only whether the object exists is asked.
      try {
        await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
        return Buffer.alloc(0);
      } catch (err) {
        if (isNotFound(err)) throw this.notFound(key);
        throw this.failure('get', key, err);
      }
    }
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key, Range: `bytes=${start}-${end - 1}` }));
      if (!res.Body) return Buffer.alloc(0);
      const bytes = await res.Body.transformToByteArray();
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      // A server that ignores Range answers with the whole object.
      return res.ContentRange === undefined && buf.length > end - start ? buf.subarray(start, end) : buf;
    } catch (err) {
      if (isNotFound(err)) throw this.notFound(key);
      // 416: the object is there but shorter than `start`.
      if (statusOf(err) === 416 || nameOf(err) === 'InvalidRange') return Buffer.alloc(0);
      throw this.failure('get', key, err);
    }
  }

  async delete(key: string): Promise<void> {
    checkObjectKey(key, this.description, 'delete');
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
    } catch (err) {
      if (isNotFound(err)) return;
      throw this.failure('delete', key, err);
    }
  }

  async *list(prefix: string): AsyncIterable<RemoteObjectInfo> {
    checkListPrefix(prefix, this.description);
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: this.prefix + prefix,
          MaxKeys: this.listPageSize,
          ContinuationToken: token,
        }));
      } catch (err) {
        throw this.failure('list', prefix, err);
      }
      for (const o of page.Contents ?? []) {
        if (o.Key === undefined || !o.Key.startsWith(this.prefix)) continue;
        yield { key: o.Key.slice(this.prefix.length), size: o.Size ?? 0, lastModifiedMs: o.LastModified?.getTime() ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private notFound(key: string): RemoteObjectNotFoundError {
    return new RemoteObjectNotFoundError(`get ${JSON.stringify(key)}: no such object in ${this.description}`, key);
  }

  private failure(operation: string, key: string, err: unknown): RemoteStoreError {
    return new RemoteStoreError(
      `${operation} ${JSON.stringify(key)} on ${this.description} failed: ${reasonOf(err)}. ${this.hint(err)}`,
      this.description,
      operation,
      { cause: err },
    );
  }

  /** What to check, from what went wrong. */
  private hint(err: unknown): string {
    const name = nameOf(err);
    const code = codeOf(err);
    const endpoint = this.endpoint === undefined ? 'AWS S3' : `the endpoint ${redactEndpoint(this.endpoint)}`;
    if (name === 'NoSuchBucket') return `The bucket "${this.bucket}" does not exist there: create it, or fix the bucket in the remote storage URL.`;
    if (name === 'TimeoutError' || (code !== undefined && NETWORK_CODES.has(code))) {
      return `Check that ${endpoint} is reachable from this node (address, port, firewall) and answering.`;
    }
    if (name === 'CredentialsProviderError' || (name !== undefined && CREDENTIAL_ERRORS.has(name)) || statusOf(err) === 403 || statusOf(err) === 401) {
      return `Check the credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the file AWS_SHARED_CREDENTIALS_FILE names) and that they may read, write, list and delete in the bucket "${this.bucket}".`;
    }
    return `Check that ${endpoint} is reachable, the bucket "${this.bucket}" exists, and the credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_SHARED_CREDENTIALS_FILE) are valid.`;
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED']);
const CREDENTIAL_ERRORS = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'ExpiredToken', 'InvalidToken', 'TokenRefreshRequired']);

/** "prefix/" for a prefix, '' for none; leading "/" dropped. */
function normalizePrefix(prefix: string): string {
  const p = prefix.replace(/^\/+/, '');
  return p === '' || p.endsWith('/') ? p : `${p}/`;
}

function nameOf(err: unknown): string | undefined {
  return (err as { name?: string } | undefined)?.name;
}

function statusOf(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

/** The errno-style code, also of the first of several (a dual-stack connect fails with an AggregateError). */
function codeOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; errors?: unknown[] } | undefined;
  if (typeof e?.code === 'string') return e.code;
  return Array.isArray(e?.errors) ? codeOf(e.errors[0]) : undefined;
}

function isNotFound(err: unknown): boolean {
  const name = nameOf(err);
  if (name === 'NoSuchBucket') return false;
  return name === 'NoSuchKey' || name === 'NotFound' || statusOf(err) === 404;
}

function reasonOf(err: unknown): string {
  const name = nameOf(err) ?? 'Error';
  const code = codeOf(err);
  const status = statusOf(err);
  const message = (err as { message?: string } | undefined)?.message?.replace(/\.+$/, '') || '(no message)';
  return `${name}${code && code !== name ? ` ${code}` : ''}${status ? ` (HTTP ${status})` : ''}: ${message}`;
}

/**
 * Makes a client without the SDK's NodeVersionSupportWarning (the SDK will want
 * Node 22 from 2027; Eddy runs on Node 20). The SDK checks its own switch,
 * AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED, once, while the first client
 * is made; it is set only for that moment, and an operator's own setting wins.
 */
function createClientQuietly(config: S3ClientConfig): S3Client {
  const name = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
  if (process.env[name] !== undefined) return new S3Client(config);
  process.env[name] = 'true';
  try {
    return new S3Client(config);
  } finally {
    delete process.env[name];
  }
}
