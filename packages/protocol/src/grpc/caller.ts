// Who a call comes from, as the server's authentication decided it
// (docs/architecture.md §21). The authenticating interceptor removes whatever
// the caller sent under this key and sets the principal it proved; only a
// node may speak for another principal (a call it forwards for a client).
import type { Metadata } from '@grpc/grpc-js';
import { ANONYMOUS_USER } from '../security/principal.js';

export const PRINCIPAL_KEY = 'eddy-principal';

/** The principal the server authenticated for a call (ANONYMOUS when nothing authenticated it). */
export function principalOfCall(call: { metadata: Metadata }): string {
  const v = call.metadata.get(PRINCIPAL_KEY)[0];
  return typeof v === 'string' && v !== '' ? v : ANONYMOUS_USER;
}
