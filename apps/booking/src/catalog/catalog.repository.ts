import { z } from 'zod';
import { PublishedSection, type EventPublished } from '@shared/contracts';
import type { Prisma, PrismaClient } from '@shared/db';

type Db = PrismaClient | Prisma.TransactionClient;

/** Booking's copy of a published event: what a buyer may book, at which price, on which partition. */
export interface CatalogEntry {
  id: string;
  sections: PublishedSection[];
}

const Sections = z.array(PublishedSection);

export function createCatalogRepository(prisma: PrismaClient) {
  return {
    /** Upserts the latest publication of each event (the topic is compacted by eventId). */
    async upsertMany(events: readonly EventPublished[]): Promise<void> {
      if (events.length === 0) return;
      await prisma.$transaction(
        events.map((e) => {
          const data = {
            sellerId: e.sellerId,
            name: e.name,
            startsAt: new Date(e.startsAt),
            sections: e.sections as unknown as Prisma.InputJsonValue,
          };
          return prisma.catalogEvent.upsert({
            where: { id: e.eventId },
            create: { id: e.eventId, ...data },
            update: data,
          });
        }),
      );
    },
    /** A tombstone (null value) on the compacted topic withdraws the event. */
    async removeMany(ids: readonly string[]): Promise<void> {
      if (ids.length > 0) await prisma.catalogEvent.deleteMany({ where: { id: { in: [...ids] } } });
    },
    find: (id: string, db: Db = prisma) => findEntries(db, [id]).then((m) => m.get(id)),
  };
}
export type CatalogRepository = ReturnType<typeof createCatalogRepository>;

/** Catalog entries by id; rows whose sections do not parse are left out (they were validated on the way in). */
export async function findEntries(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, CatalogEntry>> {
  const rows = await db.catalogEvent.findMany({ where: { id: { in: [...new Set(ids)] } } });
  const out = new Map<string, CatalogEntry>();
  for (const row of rows) {
    const sections = Sections.safeParse(row.sections);
    if (sections.success) out.set(row.id, { id: row.id, sections: sections.data });
  }
  return out;
}

export function sectionOf(
  catalog: Map<string, CatalogEntry>,
  eventId: string,
  section: string,
): PublishedSection | undefined {
  return catalog.get(eventId)?.sections.find((s) => s.name === section);
}
