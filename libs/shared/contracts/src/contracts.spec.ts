import {
  CreateBookingBody,
  CreateEventBody,
  ReserveSeats,
  SeatCommand,
  decodeMessage,
  encodeMessage,
} from './index';

describe('contracts', () => {
  it('round-trips a command through the codec', () => {
    const cmd: ReserveSeats = {
      type: 'ReserveSeats',
      v: 1,
      eventId: 'evt_1',
      section: 'A',
      bookingId: 'bk_1',
      mode: 'manual',
      seats: ['A-1-1', 'A-1-2'],
    };
    expect(decodeMessage(SeatCommand, encodeMessage(cmd))).toEqual({ ok: true, value: cmd });
  });

  it('names the failing field of a schema-invalid message instead of throwing', () => {
    const out = decodeMessage(
      SeatCommand,
      Buffer.from(JSON.stringify({ type: 'ReserveSeats', v: 1, eventId: 'e' })),
    );
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.reason).toMatch(/section/);
    expect(decodeMessage(SeatCommand, Buffer.from('{not json'))).toMatchObject({
      ok: false,
      reason: /not JSON/,
    });
  });

  it('rejects unknown fields and a section name holding the seat id separator', () => {
    const base = { name: 'Gala', venue: 'Hall', startsAt: '2027-01-01T20:00:00Z' };
    const section = { name: 'A', price: 5000, rows: [{ label: '1', seats: 10 }] };
    expect(CreateEventBody.safeParse({ ...base, sections: [section] }).success).toBe(true);
    expect(CreateEventBody.safeParse({ ...base, sections: [section], admin: true }).success).toBe(
      false,
    );
    expect(
      CreateEventBody.safeParse({ ...base, sections: [{ ...section, name: 'A-B' }] }).success,
    ).toBe(false);
  });

  it('bounds booking size and seat id shape', () => {
    expect(
      CreateBookingBody.safeParse({ eventId: 'e', mode: 'best-available', quantity: 11 }).success,
    ).toBe(false);
    expect(
      CreateBookingBody.safeParse({ eventId: 'e', mode: 'manual', seats: ['A-1-0'] }).success,
    ).toBe(false);
    expect(
      CreateBookingBody.safeParse({ eventId: 'e', mode: 'manual', seats: ['A-1-12'] }).success,
    ).toBe(true);
  });
});
