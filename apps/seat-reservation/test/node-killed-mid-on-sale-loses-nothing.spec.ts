import { collect } from '@shared/testing';
import { waitFor } from '@shared/util';
import {
  auditResults,
  conflictingRequests,
  eventLayout,
  sendCommands,
  twoNodeBed,
} from './support';

/**
 * Two real seat-reservation processes share the 10 partitions; one is killed with SIGKILL while
 * 20,000 conflicting requests are in flight. The survivor must take over its partitions and
 * restore them, and in the end every request has exactly one result and no seat belongs to two
 * bookings.
 */
describe('a node killed in the middle of an on-sale', () => {
  const { bed, startNodes } = twoNodeBed('seat-kill');
  const layout = eventLayout('evt_kill', 8, 20, 25); // 4,000 seats for 20,000 requests

  it('takes over, restores, and ends with one result per request and no seat owned twice', async () => {
    const { kafka, ns, topics, producer } = bed;
    const [victim, survivor] = await startNodes();
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
      victim.kill('SIGKILL');
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
      expect(survivor.exitCode).toBeNull(); // the survivor is still running
    } finally {
      await results.stop();
    }
  });
});
