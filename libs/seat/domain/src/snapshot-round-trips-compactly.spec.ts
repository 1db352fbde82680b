import { BookingTable } from './booking-table';
import { ByteReader, ByteWriter } from './byte-codec';
import { decodeSection, encodeSection, readSectionHeader } from './snapshot';
import { execute } from './execute';
import { bookingSeats, sectionCounts, sectionsEqual } from './queries';
import type { SectionState } from './section-state';
import {
  best,
  finalize,
  layoutOf,
  manual,
  run,
  seats,
  sectionOf,
} from './testing/section-fixtures';

/** Deterministic UUID-like ids (v4 shape) from a counter. */
function uuid(n: number): string {
  const hex = (n * 2654435761 + 0x9e3779b9).toString(16).padStart(8, '0').slice(-8);
  return `${hex}-${hex.slice(0, 4)}-4${hex.slice(1, 4)}-8${hex.slice(5, 8)}-${hex}${hex.slice(0, 4)}`;
}

function bigSection(): SectionState {
  // 5,000 seats: 50 rows of 100.
  const { state } = execute(undefined, {
    type: 'InitSection',
    layout: layoutOf(Array.from({ length: 50 }, () => 100)),
  });
  return state!;
}

describe('a section snapshot round-trips and stays compact', () => {
  it('restores an equal state: seats, owners, seq, counts, focal point', () => {
    const state = sectionOf([5, 6], { row: 1, seat: 2 });
    run(state, best('a', 3));
    run(state, manual('b', seats('R1', 1)));
    run(state, finalize('a'));
    const restored = decodeSection(encodeSection(state));
    expect(sectionsEqual(restored, state)).toBe(true);
    expect(sectionCounts(restored)).toEqual(sectionCounts(state));
    expect(bookingSeats(restored, 'a')).toEqual(bookingSeats(state, 'a'));
    expect(restored.layout).toEqual(state.layout);
  });

  it('restored state behaves the same (replays, best-available, releases)', () => {
    const state = sectionOf([8, 8]);
    run(state, best('a', 3));
    const restored = decodeSection(encodeSection(state));
    expect(run(restored, best('a', 3)).outcome).toMatchObject({ replayed: true });
    expect(run(restored, best('c', 2))).toEqual(run(state, best('c', 2)));
  });

  it('sectionsEqual notices a different owner of the same seat', () => {
    const one = sectionOf([4]);
    const two = sectionOf([4]);
    run(one, manual('a', seats('R1', 1)));
    run(two, manual('b', seats('R1', 1)));
    expect(sectionsEqual(one, two)).toBe(false);
    expect(encodeSection(one)).not.toEqual(encodeSection(two));
  });

  it('keeps a 5,000-seat section with 1,000 held seats (UUID bookings of 1-6) well under 16 KB', () => {
    const state = bigSection();
    let held = 0;
    for (let n = 0; held < 1000; n++) {
      const quantity = Math.min(1 + (n % 6), 1000 - held);
      run(state, best(uuid(n), quantity));
      held += quantity;
    }
    expect(state.reserved).toBe(1000);
    const bytes = encodeSection(state);
    expect(bytes.length).toBeLessThan(8 * 1024);
    expect(sectionsEqual(decodeSection(bytes), state)).toBe(true);
  });

  it('packs UUID booking ids to 16 bytes and keeps other ids as text', () => {
    const withUuid = sectionOf([2]);
    const withText = sectionOf([2]);
    run(withUuid, manual(uuid(1), seats('R1', 1)));
    run(withText, manual(uuid(1).toUpperCase(), seats('R1', 1)));
    const a = encodeSection(withUuid);
    const b = encodeSection(withText);
    expect(b.length - a.length).toBe(36 + 1 - 16);
    expect(bookingSeats(decodeSection(b), uuid(1).toUpperCase())).toEqual(['A-R1-1']);
  });

  it('writes each id from the booking table so that it reads back the same, UUIDs in 17 bytes', () => {
    const ids = [uuid(7), 'b12345', 'plaćeno-ž-한국', 'x'.repeat(127), 'y'.repeat(128), '', 'A'];
    const table = new BookingTable();
    for (const id of ids) {
      const writer = new ByteWriter(4);
      table.writeId(table.add(id), writer);
      const bytes = writer.finish();
      const reader = new ByteReader(bytes);
      expect(reader.bookingId()).toBe(id);
      expect(reader.done).toBe(true);
      if (id === uuid(7)) expect(bytes.length).toBe(17);
    }
  });

  it('round-trips ids that are not ASCII, and long ones', () => {
    const state = sectionOf([6]);
    const ids = ['plaćeno-ž', '예약-1', 'z'.repeat(200), uuid(3)];
    ids.forEach((id, i) => run(state, manual(id, seats('R1', i + 1))));
    const restored = decodeSection(encodeSection(state));
    expect(sectionsEqual(restored, state)).toBe(true);
    ids.forEach((id, i) => expect(bookingSeats(restored, id)).toEqual([`A-R1-${i + 1}`]));
  });

  it('refuses bytes that are not a snapshot', () => {
    const bytes = encodeSection(sectionOf([3]));
    expect(() => decodeSection(new Uint8Array([1, 2, 3]))).toThrow();
    expect(() => decodeSection(bytes.slice(0, bytes.length - 1))).toThrow();
    expect(() => decodeSection(new Uint8Array([...bytes, 0]))).toThrow();
  });

  it('tells its seq, event, section and rows from the header alone', () => {
    const state = sectionOf([4, 4]);
    run(state, best('a', 2));
    run(state, best('b', 1));
    const bytes = encodeSection(state);
    const header = {
      seq: sectionCounts(state).seq,
      eventId: state.layout.eventId,
      section: state.layout.section,
      rows: state.layout.rows,
    };
    expect(readSectionHeader(bytes)).toEqual(header);
    // The header needs none of the seats: a snapshot cut after the rows still answers.
    const rowBytes = 1 + state.layout.rows.reduce((n, row) => n + 1 + row.label.length + 1, 0);
    const headerOnly = bytes.slice(
      0,
      2 + 1 + 1 + state.layout.eventId.length + 1 + state.layout.section.length + rowBytes,
    );
    expect(readSectionHeader(headerOnly)).toEqual(header);
    expect(() => readSectionHeader(new Uint8Array([1, 2, 3]))).toThrow('not a section snapshot');
  });
});
