import { csvCell, orderCsvHeader, orderCsvLine } from './orders-csv';

describe('order CSV export', () => {
  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    expect(csvCell('Ann, Jr.')).toBe('"Ann, Jr."');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('@sum')).toBe("'@sum");
    expect(csvCell(null)).toBe('');
    expect(csvCell(1500)).toBe('1500');
  });

  it('writes one CRLF line per order under the header, seats in one cell', () => {
    expect(orderCsvHeader()).toBe(
      'booking_id,status,section,seats,amount_cents,booked_at,updated_at,expires_at,buyer_name,buyer_email\r\n',
    );
    expect(
      orderCsvLine({
        bookingId: 'bk_1',
        status: 'PAID',
        section: 'A',
        seats: ['A-1-1', 'A-1-2'],
        totalCents: 2000,
        bookedAt: '2027-01-01T10:00:00.000Z',
        updatedAt: '2027-01-01T10:01:00.000Z',
        expiresAt: null,
        buyerName: 'Ann',
        buyerEmail: 'ann@example.com',
      }),
    ).toBe(
      'bk_1,PAID,A,A-1-1 A-1-2,2000,2027-01-01T10:00:00.000Z,2027-01-01T10:01:00.000Z,,Ann,ann@example.com\r\n',
    );
  });
});
