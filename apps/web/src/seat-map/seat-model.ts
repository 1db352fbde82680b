import type { SectionInput, SeatStatus } from '@shared/contracts';

/**
 * The live seat map of one event, kept compact for 50,000 seats: one byte of status per seat in
 * a Uint8Array per section, indexed row by row, so a delta is a few writes and a redraw reads
 * typed memory instead of objects. `version` grows with every change; views redraw on it.
 */
export const AVAILABLE = 0;
export const RESERVED = 1;
export const SOLD = 2;
const CODE: Record<SeatStatus, number> = { AVAILABLE, RESERVED, SOLD };

export interface RowModel {
  label: string;
  seats: number;
  /** Index of this row's seat 1 in `status`. */
  offset: number;
}

export interface SectionModel {
  name: string;
  price: number;
  category: string | undefined;
  rows: RowModel[];
  rowIndex: Map<string, number>;
  maxSeats: number;
  capacity: number;
  status: Uint8Array;
  /** Seq of the live state held, -1 before the first snapshot. */
  seq: number;
  available: number;
  reserved: number;
  sold: number;
}

/** Data of the stream's `snapshot` event (seat-reservation's live view). */
export interface SnapshotData {
  eventId: string;
  sections: {
    section: string;
    seq: number;
    capacity: number;
    available: number;
    reserved: number;
    sold: number;
    seats: { seat: string; status: SeatStatus }[];
  }[];
}

/** Data of a `delta` event: apply when `fromSeq` equals the seq held. */
export interface DeltaData {
  section: string;
  fromSeq: number;
  seq: number;
  changes: { seat: string; status: SeatStatus }[];
  available: number;
  reserved: number;
  sold: number;
}

export class SeatMap {
  readonly sections: SectionModel[];
  private readonly byName = new Map<string, SectionModel>();
  version = 0;

  constructor(layout: readonly SectionInput[]) {
    this.sections = layout.map((s) => {
      let offset = 0;
      const rows = s.rows.map((r) => {
        const row = { label: r.label, seats: r.seats, offset };
        offset += r.seats;
        return row;
      });
      const model: SectionModel = {
        name: s.name,
        price: s.price,
        category: s.category,
        rows,
        rowIndex: new Map(rows.map((r, i) => [r.label, i])),
        maxSeats: Math.max(1, ...rows.map((r) => r.seats)),
        capacity: offset,
        status: new Uint8Array(offset),
        seq: -1,
        available: offset,
        reserved: 0,
        sold: 0,
      };
      this.byName.set(s.name, model);
      return model;
    });
  }

  section(name: string): SectionModel | undefined {
    return this.byName.get(name);
  }

  /** Index of a seat id ("A-3-12") in its section's status array, or -1. */
  indexOf(seatId: string): { section: SectionModel; index: number } | undefined {
    const [sectionName, row, seat] = seatId.split('-');
    const section = sectionName ? this.byName.get(sectionName) : undefined;
    const r = section && row !== undefined ? section.rowIndex.get(row) : undefined;
    if (!section || r === undefined) return undefined;
    const rowModel = section.rows[r]!;
    const n = Number(seat);
    if (!Number.isInteger(n) || n < 1 || n > rowModel.seats) return undefined;
    return { section, index: rowModel.offset + n - 1 };
  }

  statusOf(seatId: string): number | undefined {
    const at = this.indexOf(seatId);
    return at ? at.section.status[at.index] : undefined;
  }

  applySnapshot(data: SnapshotData): void {
    for (const s of data.sections) {
      const section = this.byName.get(s.section);
      if (!section) continue;
      section.status.fill(AVAILABLE);
      for (const seat of s.seats) {
        const at = this.indexOf(seat.seat);
        if (at) at.section.status[at.index] = CODE[seat.status];
      }
      Object.assign(section, {
        seq: s.seq,
        available: s.available,
        reserved: s.reserved,
        sold: s.sold,
      });
    }
    this.version++;
  }

  /**
   * Replaces every status with the seller's seat-status listing (held and sold seats; every
   * seat not listed is available) and the per-section counts of the analytics.
   */
  applyHeld(
    seats: readonly { seatId: string; status: 'RESERVED' | 'SOLD' }[],
    counts: readonly { name: string; available: number; reserved: number; sold: number }[],
  ): void {
    for (const section of this.sections) section.status.fill(AVAILABLE);
    for (const seat of seats) {
      const at = this.indexOf(seat.seatId);
      if (at) at.section.status[at.index] = CODE[seat.status];
    }
    for (const c of counts) {
      const section = this.byName.get(c.name);
      if (section)
        Object.assign(section, { available: c.available, reserved: c.reserved, sold: c.sold });
    }
    this.version++;
  }

  /** False when the delta does not follow the state held (the caller then re-snapshots). */
  applyDelta(delta: DeltaData): boolean {
    const section = this.byName.get(delta.section);
    if (!section) return true;
    if (delta.seq <= section.seq) return true; // already applied
    if (delta.fromSeq !== section.seq) return false;
    for (const change of delta.changes) {
      const at = this.indexOf(change.seat);
      if (at) at.section.status[at.index] = CODE[change.status];
    }
    Object.assign(section, {
      seq: delta.seq,
      available: delta.available,
      reserved: delta.reserved,
      sold: delta.sold,
    });
    this.version++;
    return true;
  }
}

export const seatId = (section: string, row: string, seat: number) => `${section}-${row}-${seat}`;
