import { decodeSection, sectionCounts } from '@seat/domain';
import { encodeMessage, type SeatCommand } from '@shared/contracts';
import { PartitionState, type InputMessage } from './partition-state';

let offset = 0;
const msg = (value: unknown): InputMessage => ({
  offset: String(offset++),
  key: null,
  value: typeof value === 'string' ? Buffer.from(value) : encodeMessage(value),
});
const init: SeatCommand = {
  type: 'InitSection',
  v: 1,
  eventId: 'e1',
  section: 'A',
  rows: [{ label: '1', seats: 6 }],
  priceCents: 5000,
};
const reserve = (bookingId: string, quantity: number): SeatCommand => ({
  type: 'ReserveSeats',
  v: 1,
  eventId: 'e1',
  section: 'A',
  bookingId,
  mode: 'best-available',
  quantity,
});

describe('a partition turning one batch of commands into one transaction of records', () => {
  it('emits a result per booking command, a delta per change and one changelog snapshot per changed section', () => {
    const state = new PartitionState(3);
    const out = state.processMessages([msg(init), msg(reserve('b1', 2)), msg(reserve('b2', 2))]);
    expect(out.results.map((r) => JSON.parse(r.value!.toString()).type)).toEqual([
      'SeatsReserved',
      'SeatsReserved',
    ]);
    expect(out.availability).toHaveLength(2);
    expect([...out.changelog.keys()]).toEqual(['e1:A']);
    expect(sectionCounts(decodeSection(out.changelog.get('e1:A')!))).toMatchObject({
      reserved: 4,
      available: 2,
      seq: 2,
    });
  });

  it('dead-letters a schema-invalid message and goes on with the next one', () => {
    const state = new PartitionState(0);
    const out = state.processMessages([
      msg(init),
      msg('{"type":"ReserveSeats"'),
      msg({ ...reserve('b1', 1), quantity: 'two' }),
      msg(reserve('b1', 1)),
    ]);
    expect(out.deadLetters.map((d) => d.reason)).toEqual([
      expect.stringMatching(/not JSON/),
      expect.stringMatching(/quantity/),
    ]);
    expect(out.results).toHaveLength(1);
  });

  it('answers a command for an unknown section with a rejection and a dead letter', () => {
    const out = new PartitionState(0).processMessages([msg(reserve('b9', 1))]);
    expect(JSON.parse(out.results[0]!.value!.toString())).toMatchObject({
      type: 'ReservationRejected',
      code: 'SECTION_UNKNOWN',
      bookingId: 'b9',
    });
    expect(out.deadLetters[0]!.reason).toMatch(/unknown event section e1:A/);
  });

  it('gives a duplicated command one effect: the same seats, no second delta', () => {
    const state = new PartitionState(0);
    const first = state.processMessages([msg(init), msg(reserve('b1', 3))]);
    const again = state.processMessages([msg(reserve('b1', 3))]);
    const seats = (o: typeof first) => JSON.parse(o.results.at(-1)!.value!.toString()).seats;
    expect(seats(again)).toEqual(seats(first));
    expect(again.availability).toHaveLength(0);
  });
});
