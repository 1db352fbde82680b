import { encodeMessage, type SeatCommand } from '@shared/contracts';
import { assignSections } from '@shared/streams';
import type { RecordedMessage } from '../kafka/recording';
import { planReplay, recordedEvents } from './replay-plan';
import { paceOrder } from './send-replay';

const rec = (command: SeatCommand, partition: number, timestamp: number): RecordedMessage => ({
  topic: 'seat.commands.x',
  partition,
  offset: String(timestamp),
  timestamp,
  key: `${command.eventId}:${command.section}`,
  headers: {},
  value: JSON.parse(encodeMessage(command).toString()),
});
const init = (section: string): SeatCommand => ({
  type: 'InitSection',
  v: 1,
  eventId: 'evt',
  section,
  rows: [{ label: '1', seats: 10 }],
  priceCents: 100,
});
const reserve = (section: string, bookingId: string): SeatCommand => ({
  type: 'ReserveSeats',
  v: 1,
  eventId: 'evt',
  section,
  bookingId,
  mode: 'best-available',
  quantity: 2,
});

describe('planReplay', () => {
  const recorded = [
    rec(init('A'), 3, 1),
    rec(init('B'), 4, 2),
    rec(reserve('A', 'b1'), 3, 5),
    rec(reserve('B', 'b2'), 4, 6),
  ];

  it('replays records unchanged without a remap', () => {
    const plan = planReplay(recorded);
    expect(plan.records.map((r) => [r.key, r.partition, r.bookingId])).toEqual([
      ['evt:A', 3, undefined],
      ['evt:B', 4, undefined],
      ['evt:A', 3, 'b1'],
      ['evt:B', 4, 'b2'],
    ]);
  });

  it('moves every command onto the fresh copy, its partitions and new booking ids', () => {
    const plan = planReplay(recorded, {
      events: new Map([['evt', 'evt.r1']]),
      bookingSuffix: 'r1',
      partitions: 10,
    });
    const expected = assignSections(
      'evt.r1',
      [
        { name: 'A', seats: 10 },
        { name: 'B', seats: 10 },
      ],
      10,
    );
    const values = plan.records.map((r) => JSON.parse(r.value!.toString()) as SeatCommand);
    expect(values.every((v) => v.eventId === 'evt.r1')).toBe(true);
    expect(plan.records.map((r) => r.key)).toEqual([
      'evt.r1:A',
      'evt.r1:B',
      'evt.r1:A',
      'evt.r1:B',
    ]);
    expect(plan.records.map((r) => r.partition)).toEqual([
      expected['A'],
      expected['B'],
      expected['A'],
      expected['B'],
    ]);
    expect(plan.records[2]!.bookingId).toBe('b1.r1');
    expect(plan.originalBooking.get('b2.r1')).toBe('b2');
    expect(recordedEvents(recorded)).toEqual(['evt']);
  });

  it('paces by timestamp without reordering a partition', () => {
    const records = planReplay([
      rec(reserve('A', 'late-but-first'), 1, 9),
      rec(reserve('A', 'second'), 1, 3),
      rec(reserve('B', 'other'), 2, 5),
    ]).records;
    expect(paceOrder(records).map((r) => r.bookingId)).toEqual([
      'other',
      'late-but-first',
      'second',
    ]);
  });
});
