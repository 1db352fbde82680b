/**
 * Section-to-partition assignment. All messages of one event section go to one partition;
 * an event's sections are spread over the partitions balanced by seat count, so a hot event
 * uses every partition while a section never spans two.
 *
 * Algorithm: longest-processing-time-first greedy. Sections sorted by seats (desc, then name)
 * go one by one to the least-loaded partition; ties go to the lowest index after rotating by a
 * hash of the event id, so many small events do not all pile onto partition 0. It is a pure
 * function of (eventId, sections, partitions): the same layout always gets the same assignment.
 */

export interface SectionSize {
  name: string;
  seats: number;
}

export function assignSections(
  eventId: string,
  sections: readonly SectionSize[],
  partitions: number,
): Record<string, number> {
  if (!Number.isInteger(partitions) || partitions < 1)
    throw new RangeError(`partitions must be a positive integer, got ${partitions}`);
  const load = new Array<number>(partitions).fill(0);
  const offset = fnv1a(eventId) % partitions;
  const order = [...sections].sort(
    (a, b) => b.seats - a.seats || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  const out: Record<string, number> = {};
  for (const section of order) {
    let best = -1;
    for (let i = 0; i < partitions; i++) {
      const p = (i + offset) % partitions;
      if (best === -1 || load[p]! < load[best]!) best = p;
    }
    load[best]! += section.seats;
    out[section.name] = best;
  }
  return out;
}

/** Seats per partition under an assignment; used by tests and the publish log line. */
export function partitionLoads(
  sections: readonly SectionSize[],
  assignment: Record<string, number>,
  partitions: number,
): number[] {
  const load = new Array<number>(partitions).fill(0);
  for (const s of sections) load[assignment[s.name]!]! += s.seats;
  return load;
}

/** 32-bit FNV-1a: a stable, dependency-free string hash. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
