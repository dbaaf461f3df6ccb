// The simulator's replicated state machine: a string key-value map fed by
// committed log entries. Commands carry the client operation id; a command
// applied twice (a duplicated forwarded proposal) takes effect once.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export type Command = { readonly kind: 'put'; readonly op: number; readonly key: string; readonly value: string } | { readonly kind: 'marker'; readonly op: number };

export function encodeCommand(c: Command): Uint8Array {
  return encoder.encode(c.kind === 'put' ? `p|${c.op}|${c.key}|${c.value}` : `m|${c.op}`);
}

// Entries travel by reference in the simulator, so every replica decodes the
// same Uint8Array: decode once.
const decoded = new WeakMap<Uint8Array, Command | undefined>();

export function decodeCommand(data: Uint8Array): Command | undefined {
  if (data.byteLength === 0) return undefined;
  if (decoded.has(data)) return decoded.get(data);
  const c = decodeUncached(data);
  decoded.set(data, c);
  return c;
}

function decodeUncached(data: Uint8Array): Command | undefined {
  const s = decoder.decode(data);
  const parts = s.split('|');
  if (parts[0] === 'p' && parts.length === 4) {
    return { kind: 'put', op: Number(parts[1]), key: parts[2] as string, value: parts[3] as string };
  }
  if (parts[0] === 'm') return { kind: 'marker', op: Number(parts[1]) };
  return undefined;
}

export class KvStore {
  readonly map = new Map<string, string>();
  readonly seen = new Set<number>();
  applied = 0;

  /** Applies a command; returns true if it took effect (first time seen). */
  apply(c: Command): boolean {
    if (this.seen.has(c.op)) return false;
    this.seen.add(c.op);
    if (c.kind === 'put') this.map.set(c.key, c.value);
    return true;
  }

  get(key: string): string | null {
    return this.map.get(key) ?? null;
  }

  serialize(): Uint8Array {
    return encoder.encode(JSON.stringify({ m: [...this.map], s: [...this.seen] }));
  }

  restore(data: Uint8Array, applied: number): void {
    this.map.clear();
    this.seen.clear();
    this.applied = applied;
    if (data.byteLength === 0) return;
    const o = JSON.parse(decoder.decode(data)) as { m: [string, string][]; s: number[] };
    for (const [k, v] of o.m) this.map.set(k, v);
    for (const op of o.s) this.seen.add(op);
  }
}
