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

  it('emits no events for rejections and no-ops', () => {
    const state = sectionOf([3]);
    expect(decide(state, release('nobody')).events).toEqual([]);
    expect(decide(state, manual('b', seats('R1', 9))).events).toEqual([]);
  });
});
