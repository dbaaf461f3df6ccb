import type { PeerCertificate } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { nodeIdOfCertificate, parseNodeSanRules } from '../../src/grpc/tls.js';

const cert = (san: string) => ({ subjectaltname: san }) as PeerCertificate;

describe('node identity from a certificate', () => {
  it('reads eddy-node-<id> among other names, and nothing else', () => {
    expect(nodeIdOfCertificate(cert('DNS:localhost, IP Address:127.0.0.1, DNS:eddy-node-7'))).toBe(7);
    expect(nodeIdOfCertificate(cert('DNS:localhost, IP Address:127.0.0.1'))).toBeUndefined();
    expect(nodeIdOfCertificate(undefined)).toBeUndefined();
    // Not a DNS name, leading zeros, too large, or trailing junk: no node.
    for (const san of ['URI:eddy-node-3', 'DNS:eddy-node-03', 'DNS:eddy-node-99999999999', 'DNS:eddy-node-3.evil', 'DNS:xeddy-node-3', 'DNS:eddy-node-']) {
      expect(nodeIdOfCertificate(cert(san)), san).toBeUndefined();
    }
  });

  it('maps a pod name to base + ordinal with configured templates', () => {
    const rules = parseNodeSanRules('1=eddy-controller-{k}.eddy-controller.prod.svc, 101=eddy-storage-{k}.eddy-storage.prod.svc');
    expect(nodeIdOfCertificate(cert('DNS:eddy-storage-2.eddy-storage.prod.svc, DNS:eddy'), rules)).toBe(103);
    expect(nodeIdOfCertificate(cert('DNS:eddy-controller-0.eddy-controller.prod.svc'), rules)).toBe(1);
    // Another namespace, another pod kind, or a name with more in it: no node.
    expect(nodeIdOfCertificate(cert('DNS:eddy-storage-2.eddy-storage.dev.svc'), rules)).toBeUndefined();
    expect(nodeIdOfCertificate(cert('DNS:eddy-storage-2x.eddy-storage.prod.svc'), rules)).toBeUndefined();
    expect(nodeIdOfCertificate(cert('DNS:eddy-storage-.eddy-storage.prod.svc'), rules)).toBeUndefined();
    // The built-in rule still holds.
    expect(nodeIdOfCertificate(cert('DNS:eddy-node-5'), rules)).toBe(5);
  });

  it('refuses templates it cannot use, saying what a good one looks like', () => {
    expect(() => parseNodeSanRules('eddy-{k}')).toThrow(/base=/);
    expect(() => parseNodeSanRules('1=eddy-storage')).toThrow(/\{k\}/);
    expect(() => parseNodeSanRules('1=a{k}b{k}')).toThrow();
    expect(parseNodeSanRules('')).toEqual([]);
  });
});
