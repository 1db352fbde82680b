import { decodeSection, encodeSection, execute } from '@seat/domain';
import { createLogger } from '@shared/util';
import { LiveSections } from './live-sections';
import type { LiveUpdate } from './live.types';
import { SectionScript } from './testing/section-script';

const log = createLogger('test', 'silent');

function setup(maxDeltasPerSection = 8) {
  const live = new LiveSections(log, { maxDeltasPerSection });
  const a = new SectionScript('e1', 'A', [
    { label: '1', seats: 4 },
    { label: '2', seats: 4 },
  ]);
  live.applySnapshot(a.snapshotState());
  const updates: LiveUpdate[] = [];
  live.subscribe('e1', undefined, (u) => updates.push(u));
  return { live, a, updates };
}

describe('the live view applies the next delta and nothing else', () => {
  it('applies a delta with seq === current + 1 and emits it', () => {
    const { live, a, updates } = setup();
    const d = a.reserve('A-1-1', 'A-1-2');
    expect(live.applyDelta(d)).toBe('applied');
    expect(live.sectionView('e1', 'A')).toMatchObject({ seq: 1, available: 6, reserved: 2 });
    expect(updates).toEqual([
      expect.objectContaining({ kind: 'delta', fromSeq: 0, seq: 1, changes: d.changes }),
    ]);
    expect(live.sectionView('e1', 'A')!.seats().slice(0, 3)).toEqual([
      { seat: 'A-1-1', status: 'RESERVED' },
      { seat: 'A-1-2', status: 'RESERVED' },
      { seat: 'A-1-3', status: 'AVAILABLE' },
    ]);
  });

  it('says a snapshot is news only for an unknown section, a later seq or other rows', () => {
    const { live, a } = setup();
    const rows = a.state.layout.rows;
    expect(live.isNewer('e1', 'A', 0, rows)).toBe(false);
    expect(live.isNewer('e1', 'Z', 0, rows)).toBe(true);
    live.applyDelta(a.reserve('A-1-1'));
    // The snapshot of the transaction that carried this delta has seq 1: nothing new in it.
    expect(live.isNewer('e1', 'A', 1, rows)).toBe(false);
    expect(live.applySnapshot(a.snapshotState())).toBe('duplicate');
    a.reserve('A-1-2');
    expect(live.isNewer('e1', 'A', 2, rows)).toBe(true);
    expect(live.applySnapshot(a.snapshotState())).toBe('applied');
  });

  it('takes a replaced layout from its snapshot, though a replacement keeps the seq', () => {
    const { live, a, updates } = setup();
    const wider = [{ label: '1', seats: 6 }];
    const { state } = execute(a.state, {
      type: 'InitSection',
      layout: { eventId: 'e1', section: 'A', rows: wider },
    });
    expect(state!.seq).toBe(0);
    expect(live.isNewer('e1', 'A', 0, wider)).toBe(true);
    expect(live.applySnapshot(decodeSection(encodeSection(state!)))).toBe('applied');
    expect(live.sectionView('e1', 'A')!.seats()).toHaveLength(6);
    expect(updates).toEqual([expect.objectContaining({ kind: 'reset', seq: 0 })]);
  });

  it('ignores a duplicated delta (seq <= current) without emitting', () => {
    const { live, a, updates } = setup();
    const d = a.reserve('A-1-1');
    live.applyDelta(d);
    expect(live.applyDelta(d)).toBe('duplicate');
    expect(updates).toHaveLength(1);
  });

  it('ignores a delta ahead of the view (seq > current + 1): the snapshot will catch up', () => {
    const { live, a, updates } = setup();
    a.reserve('A-1-1');
    const second = a.reserve('A-1-2');
    expect(live.applyDelta(second)).toBe('ahead');
    expect(live.sectionView('e1', 'A')!.seq).toBe(0);
    expect(updates).toEqual([]);
  });

  it('ignores deltas of unknown sections and deltas naming seats the layout lacks', () => {
    const { live, a } = setup();
    const d = a.reserve('A-1-1');
    expect(live.applyDelta({ ...d, section: 'Z' })).toBe('unknown-section');
    const bad = { ...d, changes: [{ seat: 'A-9-1', status: 'RESERVED' as const }] };
    expect(live.applyDelta(bad)).toBe('mismatch');
    expect(live.sectionView('e1', 'A')!.seq).toBe(0);
  });
});

describe('a newer changelog snapshot replaces the section and emits the difference', () => {
  it('emits the diff of statuses with the snapshot seq when commands were folded', () => {
    const { live, a, updates } = setup();
    a.reserve('A-1-1', 'A-1-2'); // seq 1
    a.reserve('A-2-4'); // seq 2
    a.release(1); // seq 3: A-1-1 and A-1-2 back to AVAILABLE
    expect(live.applySnapshot(a.snapshotState())).toBe('applied');
    expect(updates).toEqual([
      {
        kind: 'delta',
        eventId: 'e1',
        section: 'A',
        fromSeq: 0,
        seq: 3,
        changes: [{ seat: 'A-2-4', status: 'RESERVED' }],
        available: 7,
        reserved: 1,
        sold: 0,
      },
    ]);
  });

  it('still emits (with no changes) when folded commands cancel out, so seqs stay a chain', () => {
    const { live, a, updates } = setup();
    a.reserve('A-1-1');
    a.release(1);
    live.applySnapshot(a.snapshotState());
    expect(updates).toEqual([expect.objectContaining({ fromSeq: 0, seq: 2, changes: [] })]);
  });

  it('ignores a snapshot that is not newer (its deltas were applied already)', () => {
    const { live, a, updates } = setup();
    live.applyDelta(a.reserve('A-1-1'));
    expect(live.applySnapshot(a.snapshotState())).toBe('duplicate');
    expect(updates).toHaveLength(1);
  });

  it('emits a reset for a section it did not know', () => {
    const { live, updates } = setup();
    const b = new SectionScript('e1', 'B', [{ label: '1', seats: 2 }]);
    live.applySnapshot(b.snapshotState());
    expect(updates).toEqual([{ kind: 'reset', eventId: 'e1', section: 'B', seq: 0 }]);
    expect(live.eventSections('e1')).toEqual(['A', 'B']);
  });

  it('notifies only the subscribers of the section and event concerned', () => {
    const { live, a } = setup();
    const onlyA: LiveUpdate[] = [];
    const onlyB: LiveUpdate[] = [];
    const other: LiveUpdate[] = [];
    live.subscribe('e1', 'A', (u) => onlyA.push(u));
    const unsubscribe = live.subscribe('e1', 'B', (u) => onlyB.push(u));
    live.subscribe('e2', undefined, (u) => other.push(u));
    live.applyDelta(a.reserve('A-1-1'));
    unsubscribe();
    expect([onlyA.length, onlyB.length, other.length]).toEqual([1, 0, 0]);
  });
});

describe('deltasSince: resume from the ring buffer', () => {
  it('returns exactly the deltas after the given seq, or [] when current', () => {
    const { live, a } = setup();
    for (let seat = 1; seat <= 4; seat++) live.applyDelta(a.reserve(`A-1-${seat}`));
    expect(live.deltasSince('e1', 'A', 1)!.map((d) => d.seq)).toEqual([2, 3, 4]);
    expect(live.deltasSince('e1', 'A', 0)!.map((d) => d.seq)).toEqual([1, 2, 3, 4]);
    expect(live.deltasSince('e1', 'A', 4)).toEqual([]);
  });

  it('returns undefined once the buffer no longer reaches back', () => {
    const { live, a } = setup(2);
    for (let seat = 1; seat <= 4; seat++) live.applyDelta(a.reserve(`A-1-${seat}`));
    expect(live.deltasSince('e1', 'A', 2)!.map((d) => d.seq)).toEqual([3, 4]);
    expect(live.deltasSince('e1', 'A', 1)).toBeUndefined();
  });

  it('returns undefined for a seq inside a folded snapshot delta, ahead of the view, or unknown', () => {
    const { live, a } = setup();
    a.reserve('A-1-1');
    a.reserve('A-1-2');
    live.applySnapshot(a.snapshotState()); // 0 -> 2 in one step
    expect(live.deltasSince('e1', 'A', 0)!.map((d) => d.seq)).toEqual([2]);
    expect(live.deltasSince('e1', 'A', 1)).toBeUndefined();
    expect(live.deltasSince('e1', 'A', 7)).toBeUndefined();
    expect(live.deltasSince('e1', 'Z', 0)).toBeUndefined();
  });
});
