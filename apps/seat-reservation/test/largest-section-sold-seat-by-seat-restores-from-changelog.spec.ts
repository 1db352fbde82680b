import { rmSync } from 'node:fs';
import {
  encodeSection,
  execute,
  sectionCounts,
  sectionsEqual,
  type SeatCommand as DomainCommand,
  type SectionState,
} from '@seat/domain';
import type { SeatProcessor } from '@seat/adapters';
import { MAX_SEATS_PER_SECTION, type SeatCommand } from '@shared/contracts';
import { collect } from '@shared/testing';
import { waitFor } from '@shared/util';
import {
  eventLayout,
  sendCommands,
  spawnNode,
  startProcessor,
  tempDataDir,
  twoNodeBed,
} from './support';

/**
 * The largest section the API accepts, sold out in one-seat bookings whose ids have the longest
 * length the contracts allow: its snapshot is the largest changelog record there can be. Its
 * node decides every command, is killed with SIGKILL, and another node restores the section
 * from the changelog alone, identical to the same commands replayed through the pure core.
 */
describe('the largest section sold out seat by seat', () => {
  const { bed } = twoNodeBed('seat-largest');
  const rows = 20;
  const seatsPerRow = MAX_SEATS_PER_SECTION / rows;
  const layout = eventLayout('evt_largest', 1, rows, seatsPerRow);
  const section = layout.names[0]!;
  // 64 characters: the longest booking id a command may carry.
  const bookingId = (n: number) => `bk-${'x'.repeat(55)}${String(n).padStart(6, '0')}`;
  let restored: SeatProcessor | undefined;
  const restoreDir = tempDataDir();
  const victimDir = tempDataDir();

  afterAll(async () => {
    await restored?.stop();
    rmSync(restoreDir, { recursive: true, force: true });
    rmSync(victimDir, { recursive: true, force: true });
  });

  it('is decided, changelogged and restored from the changelog alone, identical', async () => {
    const { kafka, ns, topics, producer } = bed;
    const victim = spawnNode(ns, 'node-largest', victimDir);
    try {
      await sendCommands(producer, topics, layout.assignment, layout.inits);
      const results = await collect(kafka, [topics.seatResults], {
        groupId: `largest-results-${ns}`,
      });
      const base = { v: 1 as const, eventId: layout.eventId, section };
      // 20 more than the seats: refused past sold out, and remembered as ended.
      const commands: SeatCommand[] = Array.from(
        { length: MAX_SEATS_PER_SECTION + 20 },
        (_, n) => ({
          type: 'ReserveSeats',
          ...base,
          bookingId: bookingId(n),
          mode: 'best-available',
          quantity: 1,
        }),
      );
      try {
        for (let i = 0; i < commands.length; i += 2000)
          await sendCommands(producer, topics, layout.assignment, commands.slice(i, i + 2000));
        await waitFor(
          'a result for every command',
          () => results.messages.length >= commands.length,
          { timeoutMs: 120_000, intervalMs: 250 },
        );
      } finally {
        await results.stop();
      }
    } finally {
      victim.kill('SIGKILL');
    }

    // The same commands through the pure core: what the section must be.
    const init = layout.inits[0]!;
    let expected: SectionState | undefined = execute(undefined, {
      type: 'InitSection',
      layout: { eventId: init.eventId, section: init.section, rows: init.rows },
    }).state;
    for (let n = 0; n < MAX_SEATS_PER_SECTION + 20; n++) {
      const command: DomainCommand = {
        type: 'ReserveBestAvailable',
        eventId: layout.eventId,
        section,
        bookingId: bookingId(n),
        quantity: 1,
        partial: false,
      };
      expected = execute(expected, command).state;
    }
    expect(sectionCounts(expected!)).toMatchObject({ sold: 0, reserved: MAX_SEATS_PER_SECTION });
    // The largest record there can be stays under the broker's 1 MiB limit.
    expect(encodeSection(expected!).length).toBeLessThan(900_000);

    restored = await startProcessor(kafka, ns, 'node-restorer', restoreDir);
    await waitFor('the section restored', () => restored!.section(layout.eventId, section), {
      timeoutMs: 90_000,
    });
    const state = restored.section(layout.eventId, section)!;
    expect(restored.restores.every((r) => r.source === 'changelog')).toBe(true);
    expect(sectionsEqual(state, expected!)).toBe(true);
    expect(Buffer.from(encodeSection(state))).toEqual(Buffer.from(encodeSection(expected!)));
  });
});
