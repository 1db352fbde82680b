/**
 * Compares the outcome of a replay with the original: every seat of every section must have
 * the same status and the same owner (the replayed booking id mapped back to the original).
 */
import type { SectionState } from '@seat/domain';
import { pictureFromSections } from '../verify/seat-picture';

export interface SeatMapDiff {
  sections: number;
  seats: number;
  differences: string[];
}

export function compareSeatMaps(
  original: Map<string, SectionState>,
  replayed: Map<string, SectionState>,
  originalBookingOf: (replayedBookingId: string) => string = (id) => id,
): SeatMapDiff {
  const a = pictureFromSections('original', original);
  const b = pictureFromSections('replay', replayed);
  const differences: string[] = [];
  for (const section of original.keys())
    if (!replayed.has(section)) differences.push(`section ${section} missing from the replay`);
  for (const section of replayed.keys())
    if (!original.has(section)) differences.push(`section ${section} only in the replay`);
  for (const [seat, mine] of a.seats) {
    const theirs = b.seats.get(seat);
    if (!theirs) continue;
    const owner = theirs.owner ? originalBookingOf(theirs.owner) : null;
    if (mine.status !== theirs.status || (mine.owner ?? null) !== owner)
      differences.push(
        `${seat}: ${mine.status}${mine.owner ? ` (${mine.owner})` : ''} originally, ` +
          `${theirs.status}${owner ? ` (${owner})` : ''} in the replay`,
      );
  }
  return { sections: original.size, seats: a.seats.size, differences };
}
