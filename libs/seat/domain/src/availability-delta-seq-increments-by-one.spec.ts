import { best, finalize, manual, release, run, sectionOf } from './testing/section-fixtures';

describe('availability deltas carry a per-section seq that grows by exactly one', () => {
  it('numbers only the commands that change seats', () => {
    const state = sectionOf([10]);
    const seqs = [
      run(state, best('a', 2)),
      run(state, best('a', 2)), // replay: no delta
      run(state, manual('b', ['A-R1-1'])),
      run(state, manual('c', ['A-R1-1'])), // rejected: no delta
      run(state, finalize('a')),
      run(state, release('b')),
      run(state, release('b')), // no-op: no delta
    ].map((d) => d.delta?.seq);
    expect(seqs).toEqual([1, undefined, 2, undefined, 3, 4, undefined]);
    expect(state.seq).toBe(4);
  });

  it('carries the changed seats and the totals after the change', () => {
    const state = sectionOf([4]);
    // The centred pair 2-3 would strand seats 1 and 4, so the pair goes to 1-2.
    const { delta } = run(state, best('a', 2));
    expect(delta).toEqual({
      eventId: 'E1',
      section: 'A',
      seq: 1,
      changes: [
        { seat: 'A-R1-1', status: 'RESERVED' },
        { seat: 'A-R1-2', status: 'RESERVED' },
      ],
      available: 2,
      reserved: 2,
      sold: 0,
    });
  });
});
