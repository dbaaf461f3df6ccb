// The admin-churn checker has teeth: one handmade history per anomaly, and a
// clean one (a create with an unknown outcome, a listing concurrent with a
// delete, expected errors) is ok.
import { describe, expect, it } from 'vitest';
import { adminVerdict, checkAdmin } from './admin.js';
import { History } from './history.js';

function history(): History {
  let t = 0;
  return new History({ monotonic: () => t++, wall: () => 1_700_000_000_000 + t });
}

const CHURN = 1;
const WATCH = 2;

function create(h: History, topic: string, outcome: 'ok' | { code?: string } = 'ok'): void {
  const inv = h.invoke(CHURN, 'create', { topic });
  if (outcome === 'ok') h.complete(inv, 'ok');
  else h.complete(inv, 'info', { error: 'boom', ...outcome });
}

function del(h: History, topic: string): void {
  h.complete(h.invoke(CHURN, 'delete', { topic }), 'ok');
}

function list(h: History, topics: string[]): void {
  h.complete(h.invoke(WATCH, 'list'), 'ok', { topics });
}

describe('admin-churn checker', () => {
  it('accepts a history where every listing agrees with the acknowledged creates and deletes', () => {
    const h = history();
    create(h, 't1');
    create(h, 't2', { code: 'TIMEOUT' }); // unknown: may or may not exist
    list(h, ['t1']);
    list(h, ['t1', 't2']);
    // A listing concurrent with a delete may show the topic or not.
    const inv = h.invoke(WATCH, 'list');
    del(h, 't1');
    h.complete(inv, 'ok', { topics: ['t1', 't2'] });
    list(h, ['t2']);
    h.complete(h.invoke(CHURN, 'delete', { topic: 't2' }), 'info', { error: 'retried', code: 'UNKNOWN_TOPIC' });
    const res = checkAdmin(h.ops);
    expect(res.ok, adminVerdict(res)).toBe(true);
    expect(res.created).toBe(1);
    expect(res.deleted).toBe(1);
    expect(res.lists).toBe(4);
  });

  it('reports an acknowledged create a later listing does not show', () => {
    const h = history();
    create(h, 't1');
    list(h, []);
    expect(checkAdmin(h.ops).createNotVisible).toBe(1);
  });

  it('reports an acknowledged delete a later listing still shows', () => {
    const h = history();
    create(h, 't1');
    del(h, 't1');
    list(h, ['t1']);
    expect(checkAdmin(h.ops).deleteNotApplied).toBe(1);
  });

  it('reports a listed topic nobody created', () => {
    const h = history();
    list(h, ['ghost']);
    expect(checkAdmin(h.ops).phantomTopics).toBe(1);
  });

  it('reports errors that are not clear, expected ones', () => {
    const h = history();
    create(h, 't1', {}); // no code at all
    create(h, 't2', { code: 'UNKNOWN' });
    h.complete(h.invoke(WATCH, 'list'), 'fail', { error: 'boom', code: 'INVALID_REQUEST' });
    expect(checkAdmin(h.ops).unexpectedErrors).toBe(3);
  });
});
