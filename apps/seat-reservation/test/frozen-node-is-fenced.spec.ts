import { collect } from '@shared/testing';
import { sleep, waitFor } from '@shared/util';
import {
  auditResults,
  conflictingRequests,
  eventLayout,
  sendCommands,
  stableGroupMembers,
  twoNodeBed,
} from './support';

/**
 * The zombie case: a node is frozen (SIGSTOP, as a long GC pause or a stalled VM would) in the
 * middle of an on-sale, most likely with a transaction open. The group gives its partitions to the
 * other node, which restores them and goes on selling. Then the frozen node wakes up (SIGCONT)
 * believing it still owns its partitions, with in-memory state that missed everything sold
 * meanwhile. It must publish nothing from that stale state: its producers were fenced by the new
 * owner, so its open transaction is aborted and its next one refused, and it restores afresh
 * before it processes again. In the end: one result per request, no seat owned twice, both nodes
 * alive and sharing the partitions again.
 */
describe('a node frozen mid-on-sale and woken after its partitions moved', () => {
  const { bed, startNodes } = twoNodeBed('seat-zombie');
  const layout = eventLayout('evt_zombie', 8, 40, 50); // 16,000 seats

  it('publishes nothing from its stale state and every request gets exactly one result', async () => {
    const { kafka, ns, topics, producer } = bed;
    const [zombie, survivor] = await startNodes();
    const members = () => stableGroupMembers(kafka, ns);
    await sendCommands(producer, topics, layout.assignment, layout.inits);

    const results = await collect(kafka, [topics.seatResults], { groupId: `zombie-${ns}` });
    try {
      const pool = conflictingRequests(layout, 40_000, { rows: 40, seatsPerRow: 50 }, 7);
      // A steady stream (about 1,000 requests/s), so that both nodes are mid-batch (transaction
      // open) most of the time, until well after the woken node has rejoined.
      let sent = 0;
      let stopAt = pool.length;
      const sending = (async () => {
        while (sent < stopAt) {
          const chunk = pool.slice(sent, Math.min(sent + 100, stopAt));
          await sendCommands(producer, topics, layout.assignment, chunk);
          sent += chunk.length;
          await sleep(100);
        }
      })();
      await waitFor('results to flow', () => results.messages.length >= 1500, {
        timeoutMs: 60_000,
      });

      zombie.kill('SIGSTOP');
      await waitFor('the survivor to own every partition', async () => (await members()) === 1, {
        timeoutMs: 60_000,
        intervalMs: 500,
      });
      const beforeWake = results.messages.length;
      await waitFor(
        'the survivor to sell on the moved partitions',
        () => results.messages.length >= beforeWake + 1000,
        { timeoutMs: 60_000 },
      );
      const atWake = auditResults(results.messages).owner.size;
      expect(atWake).toBeLessThan(16_000); // the zombie wakes into an on-sale with seats to sell

      zombie.kill('SIGCONT');
      await waitFor('the woken node to rejoin', async () => (await members()) === 2, {
        timeoutMs: 90_000,
        intervalMs: 500,
      });
      stopAt = Math.min(pool.length, sent + 2000);
      await sending;
      await waitFor(
        'a result for every request',
        () => new Set(results.messages.map((m) => m.key)).size >= sent,
        { timeoutMs: 120_000, intervalMs: 250 },
      );
      await sleep(1500); // let any (wrong) late publication of the zombie arrive

      const { resultsPerBooking, owner, doubleOwned } = auditResults(results.messages);
      expect(resultsPerBooking.size).toBe(sent);
      expect([...resultsPerBooking].filter(([, n]) => n !== 1)).toEqual([]);
      expect(doubleOwned).toEqual([]);
      expect(owner.size).toBeGreaterThan(atWake); // it kept selling after the wake
      expect(zombie.exitCode).toBeNull();
      expect(survivor.exitCode).toBeNull();
    } finally {
      await results.stop();
    }
  });
});
