// Metrics of the trust boundary: failed authentications, denied requests and
// the time quotas held answers back, per principal.
import { Counter, type Registry } from 'prom-client';

export class SecurityMetrics {
  private readonly authFailures: Counter<'listener' | 'reason'>;
  private readonly denials: Counter<'method'>;
  private readonly throttle: Counter<'principal'>;

  constructor(registry: Registry) {
    this.authFailures = new Counter({
      name: 'eddy_authentication_failures_total',
      help: 'Calls refused because the caller could not be authenticated (bad credentials, a password without TLS, a non-node on the internal listener)',
      labelNames: ['listener', 'reason'],
      registers: [registry],
    });
    this.denials = new Counter({
      name: 'eddy_authorization_denials_total',
      help: 'Requests refused by the ACLs, per gRPC method',
      labelNames: ['method'],
      registers: [registry],
    });
    this.throttle = new Counter({
      name: 'eddy_quota_throttle_seconds_total',
      help: 'Time answers were held back because their principal was over a quota',
      labelNames: ['principal'],
      registers: [registry],
    });
  }

  authenticationFailed(listener: string, reason: string): void {
    this.authFailures.inc({ listener, reason });
  }

  denied(method: string): void {
    this.denials.inc({ method: method.slice(method.indexOf('.v1.') + 4) });
  }

  throttled(principal: string, ms: number): void {
    this.throttle.inc({ principal }, ms / 1000);
  }
}
