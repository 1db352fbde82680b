import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { Kafka, Producer } from 'kafkajs';
import type { TopicNames } from '@shared/streams';
import { collect } from '@shared/testing';
import { waitFor } from '@shared/util';
import {
  auditResults,
  conflictingRequests,
  eventLayout,
  openTestBed,
  sendCommands,
  spawnNode,
  stableGroupMembers,
  tempDataDir,
} from './support';

/**
 * Two real seat-reservation processes share the 10 partitions; one is killed with SIGKILL while
 * 20,000 conflicting requests are in flight. The survivor must take over its partitions and
 * restore them, and in the end every request has exactly one result and no seat belongs to two
 * bookings.
 */
describe('a node killed in the middle of an on-sale', () => {
  let kafka: Kafka;
  let ns: string;
  let topics: TopicNames;
  let cleanup: () => Promise<void>;
  let producer: Producer;
  const dirs = [tempDataDir(), tempDataDir()];
  const nodes: ChildProcess[] = [];
  const layout = eventLayout('evt_kill', 8, 20, 25); // 4,000 seats for 20,000 requests

  beforeAll(async () => {
    ({ kafka, ns, topics, producer, cleanup } = await openTestBed('seat-kill'));
  });

  afterAll(async () => {
    for (const n of nodes) if (n.exitCode === null) n.kill('SIGKILL');
    await cleanup();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('takes over, restores, and ends with one result per request and no seat owned twice', async () => {
    nodes.push(spawnNode(ns, 'node-a', dirs[0]!), spawnNode(ns, 'node-b', dirs[1]!));
    await waitFor(
      'both nodes in the group',
      async () => (await stableGroupMembers(kafka, ns)) === 2,
      {
        timeoutMs: 90_000,
        intervalMs: 500,
      },
    );
    await sendCommands(producer, topics, layout.assignment, layout.inits);

    const results = await collect(kafka, [topics.seatResults], { groupId: `kill-results-${ns}` });
    try {
      const requests = conflictingRequests(layout, 20_000, { rows: 20, seatsPerRow: 25 });

      const sending = (async () => {
        for (let i = 0; i < requests.length; i += 1000)
          await sendCommands(producer, topics, layout.assignment, requests.slice(i, i + 1000));
      })();
      await waitFor('results to flow', () => results.messages.length >= 3000, {
        timeoutMs: 60_000,
      });
      nodes[0]!.kill('SIGKILL');
      await sending;
      await waitFor(
        'a result for every request',
        () => new Set(results.messages.map((m) => m.key)).size >= requests.length,
        { timeoutMs: 120_000, intervalMs: 250 },
      );
      await new Promise((r) => setTimeout(r, 1000)); // let any (wrong) duplicate arrive

      const { resultsPerBooking: perBooking, owner, doubleOwned } = auditResults(results.messages);
      expect(perBooking.size).toBe(requests.length);
      expect([...perBooking].filter(([, n]) => n !== 1)).toEqual([]);
      expect(doubleOwned).toEqual([]);
      expect(owner.size).toBeLessThanOrEqual(4000);
      expect(owner.size).toBeGreaterThan(3500); // the on-sale sold (nearly) out: requests were really served
      expect(nodes[1]!.exitCode).toBeNull(); // the survivor is still running
    } finally {
      await results.stop();
    }
  });
});
