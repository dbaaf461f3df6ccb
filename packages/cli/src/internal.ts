// Test-only surface of @eddy/cli: not part of the public API.
export {};
export { createCertificateAuthority, writePemPair, type CertificateAuthority, type IssuedPem } from './dev/certificates.js';
