import fc from 'fast-check';
import type { SeatResult } from '@shared/contracts';
import { latestPerSeat, seatChangesOf, supersedes, type SeatChange } from './ticket-transitions';

const base = { v: 1 as const, eventId: 'evt_1', section: 'A', bookingId: 'bk_1' };

describe('ticket status transitions from seat results', () => {
  it('reserves, sells and releases the seats a result names, with its seq', () => {
    const reserved: SeatResult = {
      ...base,
      type: 'SeatsReserved',
      seats: ['A-1-1', 'A-1-2'],
      adjacent: true,
      seq: 3,
    };
    expect(seatChangesOf(reserved, 1000)).toEqual([
      {
        eventId: 'evt_1',
        seatId: 'A-1-1',
        status: 'RESERVED',
        bookingId: 'bk_1',
        seq: 3,
        at: 1000,
      },
      {
        eventId: 'evt_1',
        seatId: 'A-1-2',
        status: 'RESERVED',
        bookingId: 'bk_1',
        seq: 3,
        at: 1000,
      },
    ]);
    const sold = seatChangesOf({ ...base, type: 'SeatsFinalized', seats: ['A-1-1'], seq: 4 }, 1);
    expect(sold[0]).toMatchObject({ status: 'SOLD', bookingId: 'bk_1', seq: 4 });
    const released = seatChangesOf(
      { ...base, type: 'SeatsReleased', seats: ['A-1-1'], reason: 'EXPIRED', seq: 5 },
      1,
    );
    expect(released[0]).toMatchObject({ status: 'AVAILABLE', bookingId: null, seq: 5 });
  });

  it('changes no ticket for a rejection', () => {
    const rejected: SeatResult = {
      ...base,
      type: 'ReservationRejected',
      code: 'SOLD_OUT',
      message: 'no seats',
      seats: ['A-1-1'],
    };
    expect(seatChangesOf(rejected, 1)).toEqual([]);
  });

  it('only a strictly newer seq supersedes: a duplicate does not', () => {
    expect(supersedes(3, { seq: 4 })).toBe(true);
    expect(supersedes(3, { seq: 3 })).toBe(false);
    expect(supersedes(3, { seq: 2 })).toBe(false);
  });

  it('keeps the newest change per seat whatever the order of the batch (property)', () => {
    const change = fc.record({
      seatId: fc.constantFrom('A-1-1', 'A-1-2', 'A-1-3'),
      seq: fc.integer({ min: 0, max: 50 }),
      status: fc.constantFrom('AVAILABLE' as const, 'RESERVED' as const, 'SOLD' as const),
    });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 30 }), (raw) => {
        const changes: SeatChange[] = raw.map((c) => ({
          ...c,
          eventId: 'e',
          bookingId: null,
          at: 0,
        }));
        const out = latestPerSeat(changes);
        const reversed = latestPerSeat([...changes].reverse());
        expect(new Set(out.map((c) => c.seatId)).size).toBe(out.length);
        for (const c of out) {
          const max = Math.max(...changes.filter((x) => x.seatId === c.seatId).map((x) => x.seq));
          expect(c.seq).toBe(max);
          expect(reversed.find((r) => r.seatId === c.seatId)!.seq).toBe(max);
        }
      }),
    );
  });
});
