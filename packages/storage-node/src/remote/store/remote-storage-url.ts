// Where the remote tier lives, as one URL (docs/architecture.md §16, issue #21):
//
//   file:///var/lib/eddy/remote
//   s3://bucket/optional/prefix?endpoint=http://127.0.0.1:9000&region=eu-west-1&path-style=true
//
// parseRemoteStorageUrl checks it once, at start-up, and says what is wrong with
// a bad one; openRemoteStore makes the store (it does not connect yet).
// Credentials never go in the URL: S3 stores take them from the environment
// (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) or the SDK's default chain
// (AWS_SHARED_CREDENTIALS_FILE, the instance's role), and no message or
// description shows them.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FileRemoteStore } from './fs-store.js';
import { listPrefixProblem, type RemoteStore } from './remote-store.js';
import { LazyS3RemoteStore } from './lazy-s3-store.js';
import { S3_DEFAULTS, describeS3Store, type RemoteStoreCredentials } from './s3-config.js';

/** The accepted forms, for messages. */
export const REMOTE_STORAGE_URL_FORMS =
  'file:///absolute/path/to/directory, or s3://bucket[/key/prefix][?endpoint=http://host:port][&region=us-east-1][&path-style=true|false]';

/** A directory on a (usually shared) file system. */
export interface FileRemoteStorageConfig {
  kind: 'file';
  /** Absolute. */
  directory: string;
  /** file:///... */
  description: string;
}

/** A bucket on AWS S3 or an S3-compatible server. */
export interface S3RemoteStorageConfig {
  kind: 's3';
  bucket: string;
  /** '' or ending in "/". */
  prefix: string;
  region: string;
  /** An S3-compatible server's origin, e.g. http://127.0.0.1:9000; undefined: AWS S3. */
  endpoint: string | undefined;
  forcePathStyle: boolean;
  /**
   * Credentials found in the environment given to the parser, as a function so
   * they do not show when the config is logged; undefined: the SDK's default chain.
   */
  credentials: (() => Promise<RemoteStoreCredentials>) | undefined;
  /** s3://bucket/prefix/ at <endpoint>; no credentials. */
  description: string;
}

export type RemoteStorageConfig = FileRemoteStorageConfig | S3RemoteStorageConfig;

const S3_QUERY_KEYS = ['endpoint', 'region', 'path-style'] as const;

/**
 * Reads a remote storage URL. `env` is where AWS_REGION and the access key are
 * read (the process's environment unless a test gives another).
 * @throws Error saying what is wrong and showing the accepted forms
 */
export function parseRemoteStorageUrl(url: string, env: NodeJS.ProcessEnv = process.env): RemoteStorageConfig {
  const bad = (problem: string): Error =>
    new Error(`bad remote storage URL ${JSON.stringify(redactUrl(String(url)))}: ${problem}. Use ${REMOTE_STORAGE_URL_FORMS}.`);
  if (typeof url !== 'string' || url.trim() === '') throw bad('it is empty');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'file') return parseFileUrl(url, bad);
  if (scheme === 's3') return parseS3Url(url, env, bad);
  if (scheme === undefined) {
    const hint = path.isAbsolute(url) ? `write it as a URL: file://${url}` : 'a relative path is not accepted; give an absolute directory as file:///absolute/path';
    throw bad(`it is a plain path, not a URL (${hint})`);
  }
  throw bad(`the scheme "${scheme}:" is not supported (only file: and s3:)`);
}

/** The store a config names. Nothing is connected or created until the first operation. */
export function openRemoteStore(config: RemoteStorageConfig): RemoteStore {
  if (config.kind === 'file') return new FileRemoteStore({ directory: config.directory });
  const options = {
    bucket: config.bucket,
    prefix: config.prefix,
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials: config.credentials,
  };
  return new LazyS3RemoteStore(options, config.description);
}

function parseFileUrl(url: string, bad: (problem: string) => Error): FileRemoteStorageConfig {
  const m = /^file:\/\/([^/?#]*)(.*)$/i.exec(url);
  if (!m) throw bad('a file URL needs an absolute path after "file://", like file:///var/lib/eddy/remote');
  const host = m[1] ?? '';
  if (host !== '' && host.toLowerCase() !== 'localhost') {
    throw bad(`"${host}" is read as a host name, and relative paths are not accepted; write an absolute path with three slashes, like file:///var/lib/eddy/remote`);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw bad('it is not a valid URL');
  }
  if (parsed.search !== '' || parsed.hash !== '') throw bad('a file URL takes no "?" options or "#" fragment');
  let directory: string;
  try {
    directory = fileURLToPath(parsed);
  } catch (err) {
    throw bad(`its path is not usable (${(err as Error).message})`);
  }
  if (directory === '/' || directory === '') throw bad('the root directory cannot be the store; name a directory for it');
  directory = path.resolve(directory);
  return { kind: 'file', directory, description: pathToFileURL(directory).href };
}

function parseS3Url(url: string, env: NodeJS.ProcessEnv, bad: (problem: string) => Error): S3RemoteStorageConfig {
  const m = /^s3:\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i.exec(url);
  if (!m) throw bad('an S3 URL starts with s3:// and the bucket name');
  const [, authority = '', rawPath = '', query = '', fragment] = m;
  if (fragment !== undefined) throw bad('an S3 URL takes no "#" fragment');
  if (authority.includes('@')) {
    throw bad('credentials do not go in the URL; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_SHARED_CREDENTIALS_FILE');
  }
  const bucket = authority;
  if (bucket === '') throw bad('the bucket name is missing (s3://bucket/...)');
  const bucketProblem = s3BucketProblem(bucket);
  if (bucketProblem) throw bad(`the bucket name "${bucket}" is not valid: ${bucketProblem}`);

  let prefix: string;
  try {
    prefix = decodeURIComponent(rawPath).replace(/^\/+/, '');
  } catch {
    throw bad('the key prefix has a bad %-escape');
  }
  if (prefix !== '' && !prefix.endsWith('/')) prefix += '/';
  const prefixProblem = listPrefixProblem(prefix);
  if (prefixProblem) throw bad(`the key prefix "${prefix}" is not usable: ${prefixProblem.replace(/^the (key|prefix)/, 'it')}`);

  const params = new URLSearchParams(query.slice(1));
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (!(S3_QUERY_KEYS as readonly string[]).includes(key)) throw bad(`unknown option "${key}" (known: ${S3_QUERY_KEYS.join(', ')})`);
    if (seen.has(key)) throw bad(`the option "${key}" is given twice`);
    seen.add(key);
  }

  const endpointParam = params.get('endpoint');
  let endpoint: string | undefined;
  if (endpointParam !== null) {
    const problem = endpointProblem(endpointParam);
    if (problem) throw bad(`the endpoint ${JSON.stringify(redactUrl(endpointParam))} is not valid: ${problem}`);
    endpoint = new URL(endpointParam).origin;
  }

  const regionParam = params.get('region');
  const region = regionParam ?? nonEmpty(env.AWS_REGION) ?? S3_DEFAULTS.region;
  if (!/^[a-z0-9-]{1,64}$/.test(region)) {
    throw bad(`the region "${region}"${regionParam === null ? ' (from AWS_REGION)' : ''} is not valid: it is lowercase letters, digits and "-", like eu-west-1`);
  }

  const pathStyleParam = params.get('path-style');
  if (pathStyleParam !== null && pathStyleParam !== 'true' && pathStyleParam !== 'false') {
    throw bad(`path-style is "true" or "false", not ${JSON.stringify(pathStyleParam)}`);
  }
  const forcePathStyle = pathStyleParam === null ? endpoint !== undefined : pathStyleParam === 'true';

  return {
    kind: 's3',
    bucket,
    prefix,
    region,
    endpoint,
    forcePathStyle,
    credentials: credentialsFrom(env, bad),
    description: describeS3Store(bucket, prefix, endpoint, region),
  };
}

/** What is wrong with an S3 bucket name (the rules S3 enforces), or undefined. */
function s3BucketProblem(bucket: string): string | undefined {
  if (bucket.length < 3 || bucket.length > 63) return 'it must be 3 to 63 characters long';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(bucket)) return 'it is lowercase letters, digits, "." and "-", starting and ending with a letter or digit';
  if (bucket.includes('..')) return 'it has two dots in a row';
  return undefined;
}

/** What is wrong with an endpoint URL, or undefined. */
function endpointProblem(endpoint: string): string | undefined {
  let u: URL;
  try {
    u = new URL(endpoint);
  } catch {
    return 'it is not a URL; give the server\'s address like http://127.0.0.1:9000';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `its scheme is "${u.protocol}"; use http: or https:`;
  if (u.username !== '' || u.password !== '') return 'credentials do not go in the URL; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_SHARED_CREDENTIALS_FILE';
  if (u.hostname === '') return 'it has no host';
  if ((u.pathname !== '/' && u.pathname !== '') || u.search !== '' || u.hash !== '') return 'give only the server\'s address (scheme, host, port), like http://127.0.0.1:9000, without a path';
  return undefined;
}

/** The access key in `env`, as a provider; undefined (the SDK's default chain) when there is none. */
function credentialsFrom(env: NodeJS.ProcessEnv, bad: (problem: string) => Error): (() => Promise<RemoteStoreCredentials>) | undefined {
  const accessKeyId = nonEmpty(env.AWS_ACCESS_KEY_ID);
  const secretAccessKey = nonEmpty(env.AWS_SECRET_ACCESS_KEY);
  if (accessKeyId === undefined && secretAccessKey === undefined) return undefined;
  if (accessKeyId === undefined) throw bad('AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not; set both, or neither');
  if (secretAccessKey === undefined) throw bad('AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both, or neither');
  const sessionToken = nonEmpty(env.AWS_SESSION_TOKEN);
  const credentials: RemoteStoreCredentials = sessionToken === undefined ? { accessKeyId, secretAccessKey } : { accessKeyId, secretAccessKey, sessionToken };
  return () => Promise.resolve(credentials);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** `url` with anything between "//" and "@" (a user name and password) hidden. */
function redactUrl(url: string): string {
  return url.replace(/\/\/[^/@?#&]*@/g, '//***@');
}
