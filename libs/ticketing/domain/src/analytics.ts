import type { SectionInput, SeatStatus } from '@shared/contracts';

/** One group of tickets as the database counts them: (section, status) -> seats and cents. */
export interface StatusCount {
  section: string;
  status: SeatStatus;
  seats: number;
  /** Sum of the tickets' prices, in cents. */
  cents: number;
}

export interface SectionSales {
  name: string;
  capacity: number;
  available: number;
  reserved: number;
  sold: number;
  /** Revenue of sold seats, in cents. */
  revenueCents: number;
}

export interface SalesSummary {
  totals: Omit<SectionSales, 'name'>;
  sections: SectionSales[];
}

/**
 * Folds per-(section, status) counts into per-section and total figures. `sectionOrder` keeps
 * the layout's order and lists sections that have no tickets counted yet with zeros.
 */
export function summarizeSales(
  counts: readonly StatusCount[],
  sectionOrder: readonly string[],
): SalesSummary {
  const empty = (name: string): SectionSales => ({
    name,
    capacity: 0,
    available: 0,
    reserved: 0,
    sold: 0,
    revenueCents: 0,
  });
  const byName = new Map(sectionOrder.map((n) => [n, empty(n)]));
  for (const c of counts) {
    const s = byName.get(c.section) ?? empty(c.section);
    byName.set(c.section, s);
    s.capacity += c.seats;
    if (c.status === 'AVAILABLE') s.available += c.seats;
    if (c.status === 'RESERVED') s.reserved += c.seats;
    if (c.status === 'SOLD') {
      s.sold += c.seats;
      s.revenueCents += c.cents;
    }
  }
  const sections = [...byName.values()];
  const totals = empty('');
  for (const s of sections) {
    totals.capacity += s.capacity;
    totals.available += s.available;
    totals.reserved += s.reserved;
    totals.sold += s.sold;
    totals.revenueCents += s.revenueCents;
  }
  const { name: _unused, ...rest } = totals;
  return { totals: rest, sections };
}

/**
 * The counts of a layout whose seats are all on sale: what a draft (no tickets yet) shows, so
 * its sections have their layout's capacity instead of 0 until it is published.
 */
export function layoutCounts(sections: readonly Pick<SectionInput, 'name' | 'price' | 'rows'>[]) {
  return sections.map((s): StatusCount => {
    const seats = s.rows.reduce((n, r) => n + r.seats, 0);
    return { section: s.name, status: 'AVAILABLE', seats, cents: seats * s.price };
  });
}
