/**
 * CSV (RFC 4180, CRLF line ends) of the seller's order export. Buyer names are typed by buyers,
 * so a cell a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) is
 * prefixed with an apostrophe, and every cell with a comma, quote or line break is quoted.
 */
export const ORDER_CSV_COLUMNS = [
  'booking_id',
  'status',
  'section',
  'seats',
  'amount_cents',
  'booked_at',
  'updated_at',
  'expires_at',
  'buyer_name',
  'buyer_email',
] as const;

export interface OrderCsvRow {
  bookingId: string;
  status: string;
  section: string;
  seats: readonly string[];
  totalCents: number;
  bookedAt: string;
  updatedAt: string;
  expiresAt: string | null;
  buyerName: string | null;
  buyerEmail: string | null;
}

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function orderCsvHeader(): string {
  return `${ORDER_CSV_COLUMNS.join(',')}\r\n`;
}

/** One line per order; seats are space-separated in one cell. */
export function orderCsvLine(o: OrderCsvRow): string {
  return `${[
    o.bookingId,
    o.status,
    o.section,
    o.seats.join(' '),
    o.totalCents,
    o.bookedAt,
    o.updatedAt,
    o.expiresAt,
    o.buyerName,
    o.buyerEmail,
  ]
    .map(csvCell)
    .join(',')}\r\n`;
}
