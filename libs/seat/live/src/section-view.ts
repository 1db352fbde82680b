// One section as the live view holds it: the layout as row offsets plus one status byte per
// seat (seat ids are derived, never stored), so 50,000 seats cost ~50 KB, not 50,000 objects.
import { rowStatuses, sectionCounts, type SectionState, type SeatStatus } from '@seat/domain';
import type { LiveSection, SeatState, SectionSnapshot } from './live.types';

const STATUS_NAMES: readonly SeatStatus[] = ['AVAILABLE', 'RESERVED', 'SOLD'];
const STATUS_CODES: Readonly<Record<SeatStatus, number>> = { AVAILABLE: 0, RESERVED: 1, SOLD: 2 };
/** Letters of `rowStatuses` (@seat/domain) to status codes. */
const LETTER_CODES: Readonly<Record<string, number>> = { A: 0, R: 1, S: 2 };

export class SectionView implements LiveSection {
  readonly capacity: number;
  seq: number;
  available: number;
  reserved: number;
  sold: number;
  /** Status code per seat, row-major: index = rowStart[row] + seat - 1. */
  readonly statuses: Uint8Array;
  /** rowStart[r] is the index of row r's first seat; rowStart[rowCount] === capacity. */
  private readonly rowStart: Int32Array;
  private readonly rowIndex: Map<string, number>;

  private constructor(
    readonly eventId: string,
    readonly section: string,
    private readonly rowLabels: readonly string[],
    rowSeats: readonly number[],
  ) {
    this.rowStart = new Int32Array(rowLabels.length + 1);
    rowSeats.forEach((seats, r) => (this.rowStart[r + 1] = this.rowStart[r]! + seats));
    this.capacity = this.rowStart[rowLabels.length]!;
    this.rowIndex = new Map(rowLabels.map((label, r) => [label, r]));
    this.statuses = new Uint8Array(this.capacity);
    this.seq = 0;
    this.available = this.capacity;
    this.reserved = 0;
    this.sold = 0;
  }

  /** Builds the view of a decoded changelog snapshot. */
  static fromState(state: SectionState): SectionView {
    const { layout } = state;
    const view = new SectionView(
      layout.eventId,
      layout.section,
      layout.rows.map((r) => r.label),
      layout.rows.map((r) => r.seats),
    );
    let i = 0;
    for (const row of rowStatuses(state)) {
      for (const letter of row.statuses) view.statuses[i++] = LETTER_CODES[letter] ?? 0;
    }
    const counts = sectionCounts(state);
    view.seq = counts.seq;
    view.available = counts.available;
    view.reserved = counts.reserved;
    view.sold = counts.sold;
    return view;
  }

  /** Whether this view has exactly these rows (labels and seat counts, in order). */
  hasRows(rows: readonly { label: string; seats: number }[]): boolean {
    if (rows.length !== this.rowLabels.length) return false;
    return rows.every(
      (row, r) =>
        row.label === this.rowLabels[r] && row.seats === this.rowStart[r + 1]! - this.rowStart[r]!,
    );
  }

  /** Flat index of a seat id "<section>-<row>-<seat>", or -1 when this section has no such seat. */
  indexOf(seatId: string): number {
    const prefix = this.section.length + 1;
    if (!seatId.startsWith(this.section) || seatId[this.section.length] !== '-') return -1;
    const dash = seatId.lastIndexOf('-');
    if (dash < prefix) return -1;
    const row = this.rowIndex.get(seatId.slice(prefix, dash));
    const seat = Number(seatId.slice(dash + 1));
    if (row === undefined || !Number.isInteger(seat) || seat < 1) return -1;
    const index = this.rowStart[row]! + seat - 1;
    return index < this.rowStart[row + 1]! ? index : -1;
  }

  /**
   * Applies status changes all-or-nothing: when any seat is unknown to this layout the delta
   * does not belong to this section as we know it and nothing changes (returns false).
   */
  applyChanges(changes: readonly SeatState[]): boolean {
    const indexes = changes.map((c) => this.indexOf(c.seat));
    if (indexes.includes(-1)) return false;
    indexes.forEach((index, k) => (this.statuses[index] = STATUS_CODES[changes[k]!.status]));
    return true;
  }

  /** Seats whose status differs in `next` (same layout), in row/seat order, with next's status. */
  diff(next: SectionView): SeatState[] {
    const out: SeatState[] = [];
    for (let r = 0; r < this.rowLabels.length; r++) {
      const first = this.rowStart[r]!;
      for (let i = first; i < this.rowStart[r + 1]!; i++) {
        if (this.statuses[i] !== next.statuses[i]) {
          out.push({
            seat: `${this.section}-${this.rowLabels[r]}-${i - first + 1}`,
            status: STATUS_NAMES[next.statuses[i]!]!,
          });
        }
      }
    }
    return out;
  }

  seats(): SeatState[] {
    const out: SeatState[] = [];
    for (let r = 0; r < this.rowLabels.length; r++) {
      const first = this.rowStart[r]!;
      const prefix = `${this.section}-${this.rowLabels[r]}-`;
      for (let i = first; i < this.rowStart[r + 1]!; i++) {
        out.push({ seat: prefix + (i - first + 1), status: STATUS_NAMES[this.statuses[i]!]! });
      }
    }
    return out;
  }

  snapshot(): SectionSnapshot {
    return {
      section: this.section,
      seq: this.seq,
      capacity: this.capacity,
      available: this.available,
      reserved: this.reserved,
      sold: this.sold,
      seats: this.seats(),
    };
  }
}
