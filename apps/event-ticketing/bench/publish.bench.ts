/**
 * Benchmark: publishing a 50,000-seat event (the bulk ticket INSERT, the assignment and the
 * status flip, in one transaction) against the real PostgreSQL, on a throw-away database.
 * Issue 6's budget is 2 s. Run: npx tsx apps/event-ticketing/bench/publish.bench.ts
 */
import { applyMigrations, createPrisma, dropDatabase, ensureDatabase } from '@shared/db';
import { assignSections } from '@shared/streams';
import { testDatabaseUrl } from '@shared/testing';
import { seatCount } from '@ticketing/domain';
import { createEventRepository } from '../src/events/event.repository';

const RUNS = 5;

async function main(): Promise<void> {
  const url = testDatabaseUrl();
  await ensureDatabase(url);
  await applyMigrations(url);
  const prisma = createPrisma(url);
  try {
    const events = createEventRepository(prisma);
    await prisma.user.create({
      data: {
        id: 'usr_bench',
        email: 'bench@example.com',
        name: 'b',
        role: 'seller',
        passwordHash: 'x',
      },
    });
    const body = {
      name: 'Bench',
      venue: 'Hall',
      startsAt: '2027-01-01T20:00:00Z',
      sections: Array.from({ length: 20 }, (_, i) => ({
        name: `S${i + 1}`,
        price: 5000,
        rows: Array.from({ length: 100 }, (_, r) => ({ label: `R${r + 1}`, seats: 25 })),
      })),
    };
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const draft = await events.create('usr_bench', body);
      const started = performance.now();
      const { tickets } = await events.publish(draft.id, 'usr_bench', (sections) =>
        assignSections(
          draft.id,
          sections.map((s) => ({ name: s.name, seats: seatCount([s]) })),
          10,
        ),
      );
      times.push(performance.now() - started);
      if (tickets !== 50_000) throw new Error(`wrote ${tickets} tickets`);
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(
      `publish 50,000 seats x${RUNS}: median ${Math.round(sorted[Math.floor(RUNS / 2)]!)} ms, ` +
        `min ${Math.round(sorted[0]!)} ms, max ${Math.round(sorted.at(-1)!)} ms (budget 2000 ms)`,
    );
  } finally {
    await prisma.$disconnect();
    await dropDatabase(url);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
