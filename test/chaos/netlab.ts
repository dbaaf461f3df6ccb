// A small network lab for chaos runs, made of real kernel objects: one network
// namespace per node, each with its own IP on a Linux bridge (veth pairs), the
// test process in the root namespace reaching every node's IP through the
// bridge. Faults are real:
// - a cut a→b is an iptables DROP in a's namespace for packets to b's IP (every
//   packet a sends to b, whichever side opened the connection);
// - a slow link a↔b sends both nodes' new connections to each other through a
//   delaying TCP proxy in the root namespace (iptables DNAT in each namespace),
//   after resetting the connections they had (a short REJECT --reject-with
//   tcp-reset), so the delay applies at once.
//
// Everything a lab creates carries its run id and is listed in a registry file
// (/tmp/eddy-chaos-netlab/<run>.json) written before the objects exist; a lab
// tears its own objects down on close() and at process exit, and a new lab
// first tears down the objects of registered runs whose process is gone. It
// never touches a namespace, link or rule it did not create.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DelayProxy } from './delay-proxy.js';
import type { Rng } from './rng.js';

const run = promisify(execFile);
const REGISTRY = '/tmp/eddy-chaos-netlab';

interface Registration {
  pid: number;
  runId: string;
  subnet: number;
  bridge: string;
  namespaces: string[];
  veths: string[];
  /** The root-namespace FORWARD rule that lets bridged traffic through (Docker sets FORWARD to DROP). */
  forwardRule: string[];
}

export interface LabNode {
  /** 1-based, as the cluster's node ids. */
  index: number;
  namespace: string;
  ip: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function quiet(cmd: string, args: string[]): void {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
  } catch {
    // already gone
  }
}

function teardownSync(reg: Registration): void {
  quiet('iptables', ['-D', 'FORWARD', ...reg.forwardRule]);
  for (const ns of reg.namespaces) {
    // Servers a dead run left behind live in its namespaces and nowhere else.
    let pids = '';
    try {
      pids = execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' });
    } catch {
      // no such namespace
    }
    for (const pid of pids.split('\n').filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    quiet('ip', ['netns', 'del', ns]);
  }
  for (const v of reg.veths) quiet('ip', ['link', 'del', v]);
  quiet('ip', ['link', 'del', reg.bridge]);
  rmSync(path.join(REGISTRY, `${reg.runId}.json`), { force: true });
  rmSync(path.join(REGISTRY, `subnet-${reg.subnet}.lock`), { force: true });
}

/** Tears down what registered labs of dead processes left behind; returns how many. */
export function cleanStaleLabs(): number {
  if (!existsSync(REGISTRY)) return 0;
  let n = 0;
  for (const f of readdirSync(REGISTRY)) {
    if (!f.endsWith('.json')) continue;
    let reg: Registration;
    try {
      reg = JSON.parse(readFileSync(path.join(REGISTRY, f), 'utf8')) as Registration;
    } catch {
      continue;
    }
    if (alive(reg.pid)) continue;
    teardownSync(reg);
    n++;
  }
  // Subnet locks whose run file is gone (a run that died between the two writes).
  for (const f of readdirSync(REGISTRY)) {
    const m = /^subnet-(\d+)\.lock$/.exec(f);
    if (!m) continue;
    const owner = readFileSync(path.join(REGISTRY, f), 'utf8').trim();
    const [pid] = owner.split(' ');
    if (!alive(Number(pid)) && !existsSync(path.join(REGISTRY, `${owner.split(' ')[1]}.json`))) rmSync(path.join(REGISTRY, f), { force: true });
  }
  return n;
}

/** Why a lab cannot be made here, or undefined when it can (root, `ip` and `iptables` present). */
export function netlabUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'network namespaces need root (uid 0); run as root for network faults';
  for (const [tool, flag] of [
    ['ip', '-V'],
    ['iptables', '--version'],
  ] as const) {
    try {
      execFileSync(tool, [flag], { stdio: 'ignore' });
    } catch {
      return `\`${tool}\` is not installed (iproute2 / iptables)`;
    }
  }
  return undefined;
}

export class NetLab {
  readonly nodes: LabNode[] = [];
  /** The root namespace's address on the bridge (clients, delay proxies). */
  readonly hostIp: string;
  private readonly reg: Registration;
  private readonly cuts = new Set<string>();
  private readonly onExit = (): void => teardownSync(this.reg);
  private closed = false;

  private constructor(reg: Registration) {
    this.reg = reg;
    this.hostIp = `10.213.${reg.subnet}.254`;
    reg.namespaces.forEach((namespace, i) => this.nodes.push({ index: i + 1, namespace, ip: `10.213.${reg.subnet}.${i + 1}` }));
  }

  /** Builds a lab of n namespaces on a fresh bridge; throws with the failing command when the kernel refuses. */
  static async create(n: number): Promise<NetLab> {
    const why = netlabUnavailableReason();
    if (why) throw new Error(why);
    mkdirSync(REGISTRY, { recursive: true });
    cleanStaleLabs();
    const runId = `${process.pid.toString(36)}${Math.floor(Math.random() * 36 ** 3).toString(36)}`.slice(-7);
    // A /24 no address on this host uses, claimed with an exclusive lock file (parallel runs).
    const used = execFileSync('ip', ['-o', '-4', 'addr'], { encoding: 'utf8' });
    let subnet = -1;
    for (let tries = 0; tries < 300 && subnet < 0; tries++) {
      const s = 1 + Math.floor(Math.random() * 250);
      if (used.includes(`10.213.${s}.`)) continue;
      try {
        writeFileSync(path.join(REGISTRY, `subnet-${s}.lock`), `${process.pid} ${runId}`, { flag: 'wx' });
        subnet = s;
      } catch {
        // another run holds it
      }
    }
    if (subnet < 0) throw new Error('netlab: no free 10.213.x.0/24 subnet');
    const bridge = `ecb${runId}`;
    const reg: Registration = {
      pid: process.pid,
      runId,
      subnet,
      bridge,
      namespaces: Array.from({ length: n }, (_, i) => `eddy-chaos-${runId}-${i + 1}`),
      veths: Array.from({ length: n }, (_, i) => `ecv${runId}${i + 1}`),
      forwardRule: ['-i', bridge, '-o', bridge, '-j', 'ACCEPT'],
    };
    writeFileSync(path.join(REGISTRY, `${runId}.json`), JSON.stringify(reg));
    const lab = new NetLab(reg);
    process.on('exit', lab.onExit);
    try {
      await lab.sh('ip', 'link', 'add', bridge, 'type', 'bridge');
      await lab.sh('ip', 'addr', 'add', `${lab.hostIp}/24`, 'dev', bridge);
      await lab.sh('ip', 'link', 'set', bridge, 'up');
      await lab.sh('iptables', '-I', 'FORWARD', ...reg.forwardRule);
      for (const node of lab.nodes) {
        const veth = reg.veths[node.index - 1]!;
        await lab.sh('ip', 'netns', 'add', node.namespace);
        await lab.sh('ip', 'link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', node.namespace);
        await lab.sh('ip', 'link', 'set', veth, 'master', bridge, 'up');
        await lab.sh('ip', '-n', node.namespace, 'addr', 'add', `${node.ip}/24`, 'dev', 'eth0');
        await lab.sh('ip', '-n', node.namespace, 'link', 'set', 'eth0', 'up');
        await lab.sh('ip', '-n', node.namespace, 'link', 'set', 'lo', 'up');
      }
    } catch (err) {
      await lab.close();
      throw err;
    }
    return lab;
  }

  get runId(): string {
    return this.reg.runId;
  }

  private async sh(...args: string[]): Promise<void> {
    try {
      await run(args[0]!, args.slice(1));
    } catch (err) {
      throw new Error(`netlab: \`${args.join(' ')}\` failed: ${(err as { stderr?: string }).stderr?.trim() || String(err)}`);
    }
  }

  private ns(node: number): LabNode {
    const n = this.nodes[node - 1];
    if (!n) throw new Error(`netlab: no node ${node}`);
    return n;
  }

  /** The command prefix that runs a program inside node's namespace. */
  execPrefix(node: number): string[] {
    return ['ip', 'netns', 'exec', this.ns(node).namespace];
  }

  ip(node: number): string {
    return this.ns(node).ip;
  }

  private iptables(node: number, ...args: string[]): Promise<void> {
    return this.sh('ip', 'netns', 'exec', this.ns(node).namespace, 'iptables', '-w', ...args);
  }

  /** Drops every packet `from` sends to `to` (one direction). */
  async cut(from: number, to: number): Promise<void> {
    const key = `${from}>${to}`;
    if (this.cuts.has(key)) return;
    await this.iptables(from, '-A', 'OUTPUT', '-d', this.ip(to), '-j', 'DROP');
    this.cuts.add(key);
  }

  async uncut(from: number, to: number): Promise<void> {
    const key = `${from}>${to}`;
    if (!this.cuts.has(key)) return;
    await this.iptables(from, '-D', 'OUTPUT', '-d', this.ip(to), '-j', 'DROP');
    this.cuts.delete(key);
  }

  /** Cuts every link between the two groups, both directions. */
  async partition(a: readonly number[], b: readonly number[]): Promise<void> {
    for (const x of a) for (const y of b) await Promise.all([this.cut(x, y), this.cut(y, x)]);
  }

  async healCuts(): Promise<void> {
    for (const key of [...this.cuts]) {
      const [from, to] = key.split('>').map(Number) as [number, number];
      await this.uncut(from, to);
    }
  }

  /**
   * Slows the link a↔b (both directions) to `delayMs` (+ up to `jitterMs`) per chunk,
   * with `port` the peers' listening port. Returns how to restore it.
   */
  async slow(a: number, b: number, port: number, delayMs: number, jitterMs: number, rng: Rng): Promise<() => Promise<void>> {
    const proxies: DelayProxy[] = [];
    const rules: [number, string[]][] = [];
    const undo = async (): Promise<void> => {
      for (const [node, rule] of rules) await this.iptables(node, '-t', 'nat', '-D', ...rule).catch(() => {});
      await Promise.all(proxies.map((p) => p.close()));
    };
    try {
      for (const [from, to] of [
        [a, b],
        [b, a],
      ] as const) {
        const proxy = new DelayProxy(this.hostIp, { host: this.ip(to), port }, delayMs, jitterMs, rng.fork());
        proxies.push(proxy);
        const proxyPort = await proxy.listen();
        const rule = ['OUTPUT', '-d', this.ip(to), '-p', 'tcp', '--dport', String(port), '-j', 'DNAT', '--to-destination', `${this.hostIp}:${proxyPort}`];
        await this.iptables(from, '-t', 'nat', '-A', ...rule);
        rules.push([from, rule]);
      }
      await this.resetConnections(a, b);
    } catch (err) {
      await undo();
      throw err;
    }
    return undo;
  }

  /** Resets the TCP connections between a and b (new ones then follow the current NAT rules). */
  private async resetConnections(a: number, b: number): Promise<void> {
    const rejects: [number, string[]][] = [
      [a, ['OUTPUT', '-d', this.ip(b), '-p', 'tcp', '-j', 'REJECT', '--reject-with', 'tcp-reset']],
      [b, ['OUTPUT', '-d', this.ip(a), '-p', 'tcp', '-j', 'REJECT', '--reject-with', 'tcp-reset']],
    ];
    for (const [node, rule] of rejects) await this.iptables(node, '-I', ...rule);
    await new Promise((r) => setTimeout(r, 1_000));
    for (const [node, rule] of rejects) await this.iptables(node, '-D', ...rule);
  }

  /** Removes every namespace, link and rule this lab made. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    process.off('exit', this.onExit);
    teardownSync(this.reg);
  }
}
