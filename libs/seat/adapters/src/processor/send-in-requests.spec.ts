import type { RecordMetadata, TopicMessages } from 'kafkajs';
import { MAX_REQUEST_BYTES, sendInRequests } from './node-transactions';

/** Records what each sendBatch call carried and answers offsets the way a broker would. */
function recordingTransaction() {
  const requests: TopicMessages[][] = [];
  const next = new Map<string, number>();
  return {
    requests,
    sendBatch: ({ topicMessages }: { topicMessages: TopicMessages[] }) => {
      requests.push(topicMessages);
      const meta: RecordMetadata[] = [];
      for (const t of topicMessages) {
        const byPartition = new Map<number, number>();
        for (const m of t.messages)
          byPartition.set(m.partition!, (byPartition.get(m.partition!) ?? 0) + 1);
        for (const [partition, count] of byPartition) {
          const key = `${t.topic}:${partition}`;
          const base = next.get(key) ?? 0;
          next.set(key, base + count);
          meta.push({ topicName: t.topic, partition, errorCode: 0, baseOffset: String(base) });
        }
      }
      return Promise.resolve(meta);
    },
  };
}

const record = (bytes: number, partition = 0) => ({
  key: 'k',
  value: Buffer.alloc(bytes),
  partition,
});

describe('a transaction sends its records in requests under the broker batch limit', () => {
  it('sends a round that fits in one request as one', async () => {
    const tx = recordingTransaction();
    await sendInRequests(tx, [{ topic: 'a', messages: [record(100), record(100, 1)] }]);
    expect(tx.requests).toHaveLength(1);
  });

  it('splits large snapshots over requests in order, and reports each partition from its first record', async () => {
    const tx = recordingTransaction();
    const big = Math.floor(MAX_REQUEST_BYTES * 0.6);
    const meta = await sendInRequests(tx, [
      { topic: 'results', messages: [record(10)] },
      { topic: 'changelog', messages: [record(big), record(big), record(big)] },
    ]);
    expect(tx.requests).toHaveLength(3);
    for (const request of tx.requests) {
      const bytes = request
        .flatMap((t) => t.messages)
        .reduce((n, m) => n + (m.value as Buffer).length, 0);
      expect(bytes).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
    }
    expect(
      tx.requests
        .flat()
        .filter((t) => t.topic === 'changelog')
        .flatMap((t) => t.messages),
    ).toHaveLength(3);
    expect(meta.find((m) => m.topicName === 'changelog')).toMatchObject({ baseOffset: '0' });
  });
});
