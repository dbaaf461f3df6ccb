// The gRPC server interceptor that enforces the trust boundary on every call
// (docs/architecture.md §21, docs/security.md):
//
// 1. Authentication, once per call from its metadata: a password (over TLS
//    only), else a verified certificate, else ANONYMOUS. What the caller sent
//    as `eddy-principal` is replaced by what was proved — except that a node
//    (on the internal listener) forwarding a client's admin call speaks for
//    that client.
// 2. Authorization, per request message (so a revoked ACL stops an open
//    stream at its next message): Kafka's ACLs over the metadata image, for
//    every Eddy method; nodes and super users pass.
// 3. Quotas: produce bytes and requests are counted as requests arrive, fetch
//    bytes as answers leave; a principal over its rate gets its answers late
//    (the throttle), never an error.
import {
  ANONYMOUS_USER,
  PRINCIPAL_KEY,
  MessageTooLargeError,
  OversizedRequest,
  QuotaKind,
  QuotaTracker,
  UnauthenticatedError,
  UnknownServerError,
  UnauthorizedError,
  UnavailableError,
  authorize,
  authorizeRpc,
  effectiveQuota,
  isNodePrincipal,
  peerCertificate,
  requestBytes,
  requiredPermissions,
  responseBytes,
  rpcPermissionRule,
  toErrorInfo,
  toGrpcError,
  RateLimitedWarning,
  type AclBinding,
  type AuthorizeRequest,
  type AuthorizeResult,
  type EddyError,
  type Listener,
  type Logger,
  type QuotaLimits,
} from '@eddy/protocol';
import { ServerInterceptingCall, type Metadata, type ServerInterceptor } from '@grpc/grpc-js';
import type { Authenticator } from './authenticator.js';
import type { SecurityMetrics } from './security-metrics.js';

export interface SecurityView {
  /**
   * False until this node holds a metadata image (a node just started, before
   * its first image arrives): users and ACLs are unknown, not empty, so
   * passwords and ACL checks answer UNAVAILABLE (retry) rather than a refusal.
   */
  ready(): boolean;
  /** Changes whenever the ACLs, users or quotas may have (the metadata version). */
  version(): number;
  acls(): Iterable<AclBinding>;
  quotas(): ReadonlyMap<string, QuotaLimits>;
}

export interface CallGuardOptions {
  listener: Listener;
  authenticator: Authenticator;
  view: SecurityView;
  /** Enforce ACLs (--authorization). */
  authorization: boolean;
  superUsers: readonly string[];
  /** TLS on this listener: without it, nodes cannot be told from anyone else. */
  tls: boolean;
  metrics: SecurityMetrics;
  /** Structured audit lines (authentication failures, denials). */
  audit: Logger;
  clock?: () => number;
}

/** Methods of the node protocol: callers must be nodes (with TLS; the handlers check which node). */
const NODE_ONLY = /^\/eddy\.v1\.(RaftService|ControllerService)\//;
/** Everything Eddy serves; health and reflection are open to all. */
const EDDY_METHOD = /^\/eddy\.v1\./;
const PRODUCE_STREAM = '/eddy.v1.ProduceService/ProduceStream';

export class CallGuard {
  readonly interceptor: ServerInterceptor;
  private readonly supers: Set<string>;
  private readonly quota: QuotaTracker;
  private readonly clock: () => number;
  private readonly decisions = new Map<string, AuthorizeResult>();
  private decisionsVersion = -1;
  private readonly auditWarn: RateLimitedWarning;

  constructor(private readonly options: CallGuardOptions) {
    this.supers = new Set(options.superUsers);
    this.clock = options.clock ?? Date.now;
    this.quota = new QuotaTracker({ limits: (p) => effectiveQuota(options.view.quotas(), p) });
    this.auditWarn = new RateLimitedWarning(options.audit);
    this.interceptor = (method, call) => this.intercept(method.path, call);
  }

  private intercept(path: string, call: Parameters<ServerInterceptor>[1]): ServerInterceptingCall {
    if (!EDDY_METHOD.test(path)) return new ServerInterceptingCall(call);
    let principal: Promise<string | EddyError> | undefined;
    // Answers wait for the throttle this call earned (0: at once).
    let delayMs = 0;
    let denied = false;
    // The first request of the call that named resources (a stream's opening message).
    let opening: unknown;
    const nodeOnly = NODE_ONLY.test(path);
    const refuse = (err: EddyError): void => {
      if (denied) return;
      denied = true;
      call.sendStatus(toGrpcError(err));
    };
    const answerAlone = (message: unknown, err: EddyError): void => {
      const id = (message as { id?: unknown }).id;
      call.sendMessage({ id, error: toErrorInfo(err) }, () => undefined);
      // The handler never saw this message, so it asks for no next one: ask for it here.
      call.startRead();
    };
    // Nothing the guard does with a request may throw out of it (an unhandled
    // rejection would end the process): a failure refuses the call instead.
    const guarded = (what: string) => (err: unknown): void => {
      this.auditWarn.warn({ event: 'guard-failed', method: path, what, err: (err as Error)?.message }, 'the call guard failed on a call; refusing it');
      refuse(new UnknownServerError(`the server could not check this call (${what}); retry, and report it if it persists`));
    };
    return new ServerInterceptingCall(call, {
      start: (next) => {
        next({
          onReceiveMetadata: (metadata: Metadata, mdNext: (m: Metadata) => void) => {
            principal = this.identify(path, metadata, call).catch((err: unknown) => {
              guarded('authentication')(err);
              return new UnknownServerError('authentication failed');
            });
            void principal
              .then((p) => {
                if (typeof p !== 'string') return refuse(p);
                metadata.set(PRINCIPAL_KEY, p);
                mdNext(metadata);
              })
              .catch(guarded('metadata'));
          },
          onReceiveMessage: (message: unknown, msgNext: (m: unknown) => void) => {
            if (message instanceof OversizedRequest) {
              return refuse(new MessageTooLargeError(`a ${message.bytes}-byte request to ${message.path} is over its ${message.limit}-byte limit; send smaller requests`));
            }
            // Node-to-node traffic (Raft, ControllerService): the caller was checked with its
            // metadata (grpc holds messages until that is done); no ACLs, no quotas, no
            // per-message work on the busiest streams.
            if (nodeOnly) return msgNext(message);
            void (principal ?? Promise.resolve(ANONYMOUS_USER)).then((p) => {
              if (typeof p !== 'string' || denied) return;
              // A stream's later messages may name nothing (Subscribe credit): what its
              // first message needed is checked again, so a revoked ACL stops it too.
              const names = this.options.authorization && (requiredPermissions(path, message)?.length ?? 0) > 0;
              const refusal = this.check(path, message, p) ?? (!names && opening !== undefined ? this.check(path, opening, p) : undefined);
              // ProduceStream carries independent requests, each naming its own topic: a
              // refused one is answered alone, by its id, and the stream serves the rest.
              if (refusal && path === PRODUCE_STREAM) return answerAlone(message, refusal);
              if (refusal) return refuse(refusal);
              if (opening === undefined && names) opening = message;
              delayMs = Math.max(delayMs, this.charge(p, QuotaKind.requests, 1), this.charge(p, QuotaKind.produceBytes, requestBytes(path, message)));
              msgNext(message);
            }).catch(guarded('request'));
          },
        });
      },
      sendMessage: (answer: unknown, next: (m: unknown) => void) => {
        if (nodeOnly) return next(answer);
        void (principal ?? Promise.resolve(ANONYMOUS_USER)).then((p) => {
          const message = typeof p === 'string' ? this.filter(path, answer, p) : answer;
          const bytes = responseBytes(path, message);
          const wait = typeof p === 'string' && bytes > 0 ? Math.max(delayMs, this.charge(p, QuotaKind.fetchBytes, bytes)) : delayMs;
          delayMs = 0;
          if (wait <= 0) return next(message);
          this.options.metrics.throttled(typeof p === 'string' ? p : ANONYMOUS_USER, wait);
          setTimeout(() => next(message), wait).unref();
        }).catch(guarded('answer'));
      },
    });
  }

  /** The principal the call proves, or the refusal. */
  private async identify(path: string, metadata: Metadata, call: Parameters<ServerInterceptor>[1]): Promise<string | EddyError> {
    const { listener, tls } = this.options;
    const claimed = metadata.get(PRINCIPAL_KEY)[0];
    metadata.remove(PRINCIPAL_KEY);
    const header = metadata.get('authorization')[0];
    metadata.remove('authorization');
    if (header !== undefined && !this.options.view.ready()) return new UnavailableError('this node has not received the cluster metadata yet (it just started), so it cannot check passwords; retry shortly');
    // Every connection to a TLS listener is TLS (the auth context only says so when the caller sent a certificate).
    const auth = await this.options.authenticator.authenticate(typeof header === 'string' ? header : undefined, tls, peerCertificate(call));
    if (!auth.ok) {
      this.options.metrics.authenticationFailed(listener, auth.why);
      this.auditWarn.warn({ event: 'authentication-failed', listener, peer: call.getPeer(), reason: auth.reason }, 'authentication failed');
      return new UnauthenticatedError(auth.reason);
    }
    if (listener === 'internal') {
      const node = isNodePrincipal(auth.principal);
      // With TLS the internal listener only admits CA-signed certificates; it must also name a node.
      if (tls && !node) {
        this.options.metrics.authenticationFailed(listener, 'not-a-node');
        return new UnauthenticatedError(`the internal listener serves Eddy nodes only; ${auth.principal} is not one: clients use the client listener`);
      }
      // A node forwarding a client's call speaks for that client.
      if (!NODE_ONLY.test(path) && typeof claimed === 'string' && claimed !== '' && (node || !tls)) return claimed;
    }
    return auth.principal;
  }

  /** The refusal of one request, or undefined when it may proceed. */
  private check(path: string, message: unknown, principal: string): EddyError | undefined {
    if (!this.options.authorization || isNodePrincipal(principal) || this.supers.has(principal)) return undefined;
    if (!this.options.view.ready()) return new UnavailableError('this node has not received the cluster metadata yet (it just started), so it cannot check ACLs; retry shortly');
    const result = authorizeRpc(path, message, principal, (req) => this.decide(req));
    if (result.allowed) return undefined;
    this.options.metrics.denied(path);
    this.auditWarn.warn({ event: 'authorization-denied', principal, method: path, reason: result.reason }, 'authorization denied');
    return new UnauthorizedError(`${principal} may not call ${path.slice(path.lastIndexOf('/') + 1)}: ${result.reason}`);
  }

  /**
   * Answers that list resources (GetMetadata, ListTopics, ListGroups) keep only
   * those the caller may describe: a copy, the handler's object is not touched.
   */
  private filter(path: string, answer: unknown, principal: string): unknown {
    if (!this.options.authorization || isNodePrincipal(principal) || this.supers.has(principal)) return answer;
    const rule = rpcPermissionRule(path)?.filter;
    if (!rule || typeof answer !== 'object' || answer === null) return answer;
    const field = 'topics' in answer ? 'topics' : 'groups' in answer ? 'groups' : undefined;
    if (!field) return answer;
    const list = (answer as Record<string, unknown>)[field];
    if (!Array.isArray(list)) return answer;
    const kept = list.filter((item: { name?: string; groupId?: string }) => {
      const name = item.name ?? item.groupId ?? '';
      return this.decide({ principal, resourceType: rule.resourceType, resourceName: name, operation: rule.operation }).allowed;
    });
    return kept.length === list.length ? answer : { ...answer, [field]: kept };
  }

  /** authorize(), remembered per metadata version (ACLs change only with it). */
  private decide(req: AuthorizeRequest): AuthorizeResult {
    const version = this.options.view.version();
    if (version !== this.decisionsVersion) {
      this.decisions.clear();
      this.decisionsVersion = version;
    }
    const key = `${req.principal}\0${req.resourceType}\0${req.resourceName}\0${req.operation}`;
    let result = this.decisions.get(key);
    if (!result) {
      result = authorize(this.options.view.acls(), req, this.supers);
      if (this.decisions.size >= 100_000) this.decisions.clear();
      this.decisions.set(key, result);
    }
    return result;
  }

  private charge(principal: string, kind: QuotaKind, amount: number): number {
    if (amount <= 0 || isNodePrincipal(principal)) return 0;
    return this.quota.record(principal, kind, amount, this.clock());
  }
}
