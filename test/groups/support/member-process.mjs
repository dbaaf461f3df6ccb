// One consumer-group member in a process of its own (the real @eddy/client), so
// a test or benchmark can SIGKILL or SIGSTOP it like a real application.
// Configuration: one JSON argument (see MemberConfig in member-process.ts).
// It writes one JSON line per event to stdout, each with `t` (Date.now()):
//   {ev:'subscribed'}                       the consumer subscribed (join starts)
//   {ev:'assignment', partitions:[...]}     the partitions it reads changed
//   {ev:'record', p, o, e}                  a record handed out (partition, offset, member epoch)
//   {ev:'leaving'} / {ev:'left'}            a graceful leave started / finished
// A line "leave" on stdin makes it close the consumer (leave the group) and exit.
// With auto-commit, a record counts as processed (and is committed) only once
// the loop asked for the next one, after the record's processing delay.
import { Eddy } from '@eddy/client';

const cfg = JSON.parse(process.argv[2] ?? '{}');
const out = (event) => process.stdout.write(`${JSON.stringify({ ...event, t: Date.now() })}\n`);

const eddy = new Eddy({ bootstrap: cfg.bootstrap, clientId: cfg.name ?? 'member', requestTimeoutMs: 5_000 });
const consumer = eddy.consumer({
  groupId: cfg.groupId,
  autoOffsetReset: 'earliest',
  autoCommitIntervalMs: cfg.autoCommitIntervalMs ?? 100,
  sessionTimeoutMs: cfg.sessionTimeoutMs ?? 0,
});

let last = '';
const watch = setInterval(() => {
  const partitions = consumer.assignment().map((tp) => tp.partition).sort((a, b) => a - b);
  const k = partitions.join(',');
  if (k !== last) {
    last = k;
    out({ ev: 'assignment', partitions });
  }
}, 2);

let leaving = false;
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => {
  if (!d.includes('leave') || leaving) return;
  leaving = true;
  out({ ev: 'leaving' });
  void (async () => {
    await consumer.close();
    clearInterval(watch);
    out({ ev: 'left' });
    await eddy.close();
    process.exit(0);
  })();
});

// The parent went away: do not linger.
process.stdin.on('end', () => process.exit(0));

consumer.subscribe({ topics: [cfg.topic] });
out({ ev: 'subscribed' });
const processMs = cfg.processMs ?? 0;
try {
  for await (const m of consumer) {
    if (cfg.printRecords) out({ ev: 'record', p: m.partition, o: Number(m.offset), e: consumer.membership?.memberEpoch ?? -1 });
    if (processMs > 0) await new Promise((r) => setTimeout(r, processMs));
  }
} catch (err) {
  process.stderr.write(`consumer failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
}
