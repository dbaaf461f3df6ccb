// The remote tier's object stores (docs/architecture.md §8, issue #21): the
// interface, the file system and S3 implementations, and the URL that picks one.
export {
  RemoteObjectNotFoundError,
  RemoteStoreError,
  TEMP_NAME_PREFIX,
  checkListPrefix,
  checkObjectKey,
  listPrefixProblem,
  objectKeyProblem,
  type RemoteObjectInfo,
  type RemoteStore,
} from './remote-store.js';
export { FileRemoteStore, STALE_TEMP_MS, type FileRemoteStoreOptions } from './fs-store.js';
// S3RemoteStore itself is imported from './s3-store.js' by whoever wants it: it loads the AWS SDK.
export { S3_DEFAULTS, describeS3Store, type RemoteStoreCredentials, type S3RemoteStoreOptions } from './s3-config.js';
export { LazyS3RemoteStore } from './lazy-s3-store.js';
export {
  REMOTE_STORAGE_URL_FORMS,
  openRemoteStore,
  parseRemoteStorageUrl,
  type FileRemoteStorageConfig,
  type RemoteStorageConfig,
  type S3RemoteStorageConfig,
} from './remote-storage-url.js';
