import { apply } from './apply';
import { decide } from './decide';
import { encodeSection } from './snapshot';
import { best, manual, release, seats, sectionOf } from './testing/section-fixtures';

describe('decide leaves the state unchanged; apply carries the events out', () => {
  it('decides a split best-available without touching the state', () => {
    const state = sectionOf([3, 3, 3]);
    apply(state, decide(state, manual('m', ['A-R1-2', 'A-R2-2'])).events);
    const before = encodeSection(state);
    const first = decide(state, best('b', 5));
    expect(encodeSection(state)).toEqual(before);
    expect(decide(state, best('b', 5))).toEqual(first);
    apply(state, first.events);
    expect(state.reserved).toBe(7);
  });

  it('a rejection or an empty release only ends the booking; a repeat of it emits nothing', () => {
    const state = sectionOf([3]);
    const ended = (bookingId: string, outcome: object) => [
      { type: 'BookingEnded', bookingId, outcome },
    ];
    const released = decide(state, release('nobody')).events;
    expect(released).toEqual(ended('nobody', { kind: 'released' }));
    const rejected = decide(state, manual('b', seats('R1', 9))).events;
    expect(rejected).toEqual(ended('b', { kind: 'rejected', code: 'SEAT_UNKNOWN' }));
    apply(state, [...released, ...rejected]);
    expect(decide(state, release('nobody')).events).toEqual([]);
    expect(decide(state, manual('b', seats('R1', 9))).events).toEqual([]);
    expect(decide(state, release('b')).events).toEqual([]);
  });
});
