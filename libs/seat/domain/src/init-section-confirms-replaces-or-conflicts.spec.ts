import { execute } from './execute';
import { sectionCounts } from './queries';
import { best, layoutOf, release, run, sectionOf } from './testing/section-fixtures';

describe('InitSection creates, confirms, replaces or refuses a layout', () => {
  it('creates a section with every seat available', () => {
    const { state, decision } = execute(undefined, {
      type: 'InitSection',
      layout: layoutOf([3, 4]),
    });
    expect(decision.outcome).toEqual({
      kind: 'SectionInitialized',
      eventId: 'E1',
      section: 'A',
      capacity: 7,
      replaced: false,
      confirmed: false,
    });
    expect(decision.delta).toBeUndefined();
    expect(sectionCounts(state!)).toEqual({
      capacity: 7,
      available: 7,
      reserved: 0,
      sold: 0,
      seq: 0,
    });
  });

  it('confirms an identical layout and keeps the holds', () => {
    const state = sectionOf([3, 4]);
    run(state, best('b', 2));
    const result = execute(state, { type: 'InitSection', layout: layoutOf([3, 4]) });
    expect(result.decision.outcome).toMatchObject({ confirmed: true, replaced: false });
    expect(result.state).toBe(state);
    expect(sectionCounts(state).reserved).toBe(2);
  });

  it('refuses a different layout while seats are held (LAYOUT_CONFLICT)', () => {
    const state = sectionOf([3, 4]);
    run(state, best('b', 2));
    const result = execute(state, { type: 'InitSection', layout: layoutOf([3, 5]) });
    expect(result.decision.outcome).toMatchObject({
      kind: 'SectionRejected',
      code: 'LAYOUT_CONFLICT',
    });
    expect(result.state).toBe(state);
    expect(state.capacity).toBe(7);
  });

  it('replaces a different layout when nothing is held, continuing the sequence', () => {
    const state = sectionOf([3, 4]);
    run(state, best('b', 2));
    run(state, release('b'));
    const result = execute(state, { type: 'InitSection', layout: layoutOf([3, 5]) });
    expect(result.decision.outcome).toMatchObject({ replaced: true, capacity: 8 });
    expect(sectionCounts(result.state!)).toMatchObject({ capacity: 8, available: 8, seq: 2 });
  });

  it('treats a changed focal point as a different layout', () => {
    const state = sectionOf([3, 4]);
    const result = execute(state, {
      type: 'InitSection',
      layout: layoutOf([3, 4], { row: 1, seat: 1 }),
    });
    expect(result.decision.outcome).toMatchObject({ replaced: true });
  });

  it.each([
    ['no rows', { ...layoutOf([1]), rows: [] }],
    ['a "-" in a row label', { ...layoutOf([1]), rows: [{ label: 'R-1', seats: 2 }] }],
    [
      'duplicate row labels',
      {
        ...layoutOf([1]),
        rows: [
          { label: 'R', seats: 2 },
          { label: 'R', seats: 2 },
        ],
      },
    ],
    ['a row without seats', layoutOf([3, 0])],
    ['a focal seat outside its row', layoutOf([3], { row: 0, seat: 4 })],
    ['a "-" in the section name', layoutOf([3], undefined, 'A-B')],
  ])('rejects a layout with %s (LAYOUT_INVALID)', (_case, layout) => {
    const { state, decision } = execute(undefined, { type: 'InitSection', layout });
    expect(decision.outcome).toMatchObject({ kind: 'SectionRejected', code: 'LAYOUT_INVALID' });
    expect(state).toBeUndefined();
  });
});
