import { KvCluster } from '../test/process/kv-cluster.js';
const groups = Number(process.argv[2] ?? 2000);
const c = new KvCluster({ groups });
const t0 = performance.now();
try {
  await c.start(3);
  console.log('up', ((performance.now() - t0) / 1000).toFixed(1));
  for (;;) {
    const s = await Promise.all(c.nodes.map((n) => c.status(n)));
    const lead = s.reduce((a, x) => a + x.leading, 0);
    console.log(((performance.now() - t0) / 1000).toFixed(1), s.map((x) => x.leading).join(','), lead);
    if (lead >= groups + 1) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
} finally {
  await c.stop();
}
