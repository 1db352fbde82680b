import fc from 'fast-check';
import { assignSections, partitionLoads } from './partitioner';
import { topicCreations, topicNames } from './topics';

const twentySections = Array.from({ length: 20 }, (_, i) => ({ name: `S${i}`, seats: 2500 }));

describe('section-to-partition assignment', () => {
  it('spreads a 50,000-seat event of 20 equal sections evenly over 10 partitions', () => {
    const a = assignSections('evt_big', twentySections, 10);
    expect(partitionLoads(twentySections, a, 10)).toEqual(new Array(10).fill(5000));
  });

  it('is stable: the same layout always gets the same assignment, whatever the input order', () => {
    const shuffled = [...twentySections].reverse();
    expect(assignSections('evt_big', shuffled, 10)).toEqual(
      assignSections('evt_big', twentySections, 10),
    );
  });

  it('keeps the heaviest partition within one section of the lightest (LPT bound)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 16 }),
        (eventId, sizes, partitions) => {
          const sections = sizes.map((seats, i) => ({ name: `S${i}`, seats }));
          const a = assignSections(eventId, sections, partitions);
          expect(Object.keys(a).length).toBe(sections.length);
          for (const p of Object.values(a)) expect(p >= 0 && p < partitions).toBe(true);
          const loads = partitionLoads(sections, a, partitions);
          expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(Math.max(...sizes));
        },
      ),
    );
  });

  it('does not put every small event on partition 0', () => {
    const used = new Set(
      Array.from(
        { length: 50 },
        (_, i) => assignSections(`evt_${i}`, [{ name: 'GA', seats: 100 }], 10)['GA'],
      ),
    );
    expect(used.size).toBeGreaterThan(5);
  });
});

describe('topic table', () => {
  it('namespaces every topic and compacts the changelog and the catalog', () => {
    const names = topicNames('t42');
    expect(names.seatCommands).toBe('seat.commands.t42');
    const created = topicCreations({ namespace: 't42', partitions: 10, replicationFactor: 1 });
    expect(created).toHaveLength(Object.keys(names).length);
    for (const t of created) expect(t.numPartitions).toBe(10);
    const policy = (topic: string) =>
      created
        .find((t) => t.topic === topic)!
        .configEntries.find((c) => c.name === 'cleanup.policy')!.value;
    expect(policy(names.seatChangelog)).toBe('compact');
    expect(policy(names.eventCatalog)).toBe('compact');
    expect(policy(names.seatCommands)).toBe('delete');
  });
});
