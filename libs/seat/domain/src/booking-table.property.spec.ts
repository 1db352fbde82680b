// The hand-made booking index must behave exactly like a Map from id to slot, for UUID ids
// (packed) and any other ids (kept as text), through adds, removes, slot reuse and rehashing.
import fc from 'fast-check';
import { BookingTable } from './booking-table';

const idArb = fc.oneof(
  fc.uuid(),
  fc.uuid().map((id) => id.toUpperCase()),
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.constantFrom('b1', 'b2', '00000000-0000-0000-0000-000000000000'),
);

describe('the booking table interns ids like a Map', () => {
  it('agrees with a Map model on every lookup', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), idArb), { maxLength: 300 }), (ops) => {
        const table = new BookingTable(2);
        const model = new Map<string, number>();
        for (const [remove, id] of ops) {
          const slot = table.slotOf(id);
          expect(slot === -1).toBe(!model.has(id));
          if (slot === -1 && !remove) {
            const added = table.add(id);
            table.size[added] = 1;
            model.set(id, added);
          } else if (slot !== -1 && remove) {
            table.remove(slot);
            model.delete(id);
          }
        }
        expect(table.count).toBe(model.size);
        for (const [id, slot] of model) {
          expect(table.slotOf(id)).toBe(slot);
          expect(table.idOf(slot)).toBe(id);
        }
        expect(table.liveSlots()).toEqual([...model.values()].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });
});
