import { z } from 'zod';
import { PublishedSection, type EventPublished } from '@shared/contracts';
import type { Prisma, PrismaClient } from '@shared/db';

type Db = PrismaClient | Prisma.TransactionClient;

/** Booking's copy of a published event: what a buyer may book, at which price, on which partition. */
export interface CatalogEntry {
  id: string;
  /** When the event starts: booking refuses requests for an event that has started. */
  startsAt: Date;
  sections: PublishedSection[];
}

const Sections = z.array(PublishedSection);

/**
 * How long (ms) an instance answers a published event from memory. Every booking request reads
 * its event; reading and parsing it from PostgreSQL each time was a measurable part of the
 * request (bench:booking). The catalog consumer of ONE instance sees each update (the group is
 * shared), so another instance may answer a republished or withdrawn event for up to this long;
 * unknown events are never cached, so a newly published event is bookable at once.
 */
const CACHE_MS = 1000;

export function createCatalogRepository(prisma: PrismaClient, opts: { cacheMs?: number } = {}) {
  const cacheMs = opts.cacheMs ?? CACHE_MS;
  // The lookup's promise, so a burst that misses together reads the row once.
  const cache = new Map<string, { entry: Promise<CatalogEntry | undefined>; until: number }>();
  const forget = (ids: readonly string[]) => ids.forEach((id) => cache.delete(id));
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
      forget(events.map((e) => e.eventId));
    },
    /** A tombstone (null value) on the compacted topic withdraws the event. */
    async removeMany(ids: readonly string[]): Promise<void> {
      if (ids.length === 0) return;
      await prisma.catalogEvent.deleteMany({ where: { id: { in: [...ids] } } });
      forget(ids);
    },
    /** A published event, from memory when read in the last `cacheMs`. */
    async find(id: string): Promise<CatalogEntry | undefined> {
      const now = Date.now();
      const hit = cache.get(id);
      if (hit && hit.until > now) return hit.entry;
      const entry = findEntries(prisma, [id]).then((m) => m.get(id));
      const slot = { entry, until: now + cacheMs };
      cache.set(id, slot);
      const found = await entry.catch((err: unknown) => {
        if (cache.get(id) === slot) cache.delete(id);
        throw err;
      });
      if (!found && cache.get(id) === slot) cache.delete(id);
      return found;
    },
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
    if (sections.success) {
      out.set(row.id, { id: row.id, startsAt: row.startsAt, sections: sections.data });
    }
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
