// @eddy/client calls the consumer-group benchmark needs from outside the test
// package (packages/storage-node/bench cannot resolve @eddy/client itself):
// create a topic, and keep a light stream of records flowing into it.
import { Eddy } from '@eddy/client';

export async function createTopic(bootstrap: string, name: string, partitions: number): Promise<void> {
  const eddy = new Eddy({ bootstrap });
  try {
    await eddy.admin().createTopic({ name, partitions, replicationFactor: 3 });
  } finally {
    await eddy.close();
  }
}

/** Sends `perSecond` small records a second, spread over every partition, until stopped. */
export function steadyProducer(bootstrap: string, topic: string, perSecond: number): { stop: () => Promise<number> } {
  const eddy = new Eddy({ bootstrap });
  const producer = eddy.producer();
  let sent = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const n = Math.max(1, Math.round(perSecond / 10));
      await producer.send({ topic, messages: Array.from({ length: n }, (_, i) => ({ key: `k-${sent + i}`, value: String(sent + i) })) }).catch(() => undefined);
      sent += n;
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      await producer.close().catch(() => undefined);
      await eddy.close().catch(() => undefined);
      return sent;
    },
  };
}
