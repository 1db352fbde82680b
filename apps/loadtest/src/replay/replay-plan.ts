/**
 * Turns recorded command-topic records into the records to produce. Without a remap they go
 * back unchanged (same key, value and partition). With a remap, every command of the chosen
 * events is moved onto a fresh copy: a new event id (so the sections start empty again), new
 * booking ids (so nothing confuses the replay with the original), and the partition the
 * section-to-partition assignment gives the new id, so a section still lives in one partition.
 */
import { SeatCommand, decodeMessage, encodeMessage } from '@shared/contracts';
import { assignSections, sectionKey } from '@shared/streams';
import { valueBytes, type RecordedMessage } from '../kafka/recording';
import { LoadtestErrors } from '../loadtest.errors';

export interface PlannedRecord {
  key: string | null;
  value: Buffer | null;
  partition: number;
  headers: Record<string, string>;
  /** Original broker timestamp (ms): the pacing of the replay. */
  timestamp: number;
  /** The booking id of a Reserve/Release/Finalize (after remapping), to await its result. */
  bookingId?: string;
}

export interface Remap {
  /** Original event id -> the fresh copy's id. */
  events: Map<string, string>;
  /** Appended to every booking id: "<id>.<suffix>". */
  bookingSuffix: string;
  partitions: number;
}

export interface ReplayPlan {
  records: PlannedRecord[];
  /** Commands skipped: not valid SeatCommands (kept as they were when not remapping). */
  invalid: number;
  /** The original booking id of each remapped one. */
  originalBooking: Map<string, string>;
}

export function planReplay(recorded: readonly RecordedMessage[], remap?: Remap): ReplayPlan {
  const originalBooking = new Map<string, string>();
  let invalid = 0;
  // The fresh copy's assignment, from the InitSection commands in the recording.
  const layouts = new Map<string, { name: string; seats: number }[]>();
  const decoded = recorded.map((r) => {
    const d = decodeMessage(SeatCommand, valueBytes(r));
    if (!d.ok) return undefined;
    if (d.value.type === 'InitSection' && remap?.events.has(d.value.eventId)) {
      const seats = d.value.rows.reduce((n, row) => n + row.seats, 0);
      const list = layouts.get(d.value.eventId) ?? [];
      if (!list.some((s) => s.name === d.value.section))
        list.push({ name: d.value.section, seats });
      layouts.set(d.value.eventId, list);
    }
    return d.value;
  });
  const assignments = new Map<string, Record<string, number>>();
  if (remap)
    for (const [eventId, sections] of layouts)
      assignments.set(
        eventId,
        assignSections(remap.events.get(eventId)!, sections, remap.partitions),
      );

  const records = recorded.map((r, i): PlannedRecord => {
    const command = decoded[i];
    const base: PlannedRecord = {
      key: r.key,
      value: valueBytes(r),
      partition: r.partition,
      headers: r.headers,
      timestamp: r.timestamp,
    };
    if (!command) {
      invalid++;
      return base;
    }
    const bookingId = 'bookingId' in command ? command.bookingId : undefined;
    const newEvent = remap?.events.get(command.eventId);
    if (!remap || !newEvent) return bookingId ? { ...base, bookingId } : base;
    const moved: SeatCommand = { ...command, eventId: newEvent };
    let newBooking: string | undefined;
    if ('bookingId' in moved) {
      newBooking = `${moved.bookingId}.${remap.bookingSuffix}`;
      if (newBooking.length > 64)
        throw LoadtestErrors.usage(`booking id too long once remapped: ${newBooking}`);
      originalBooking.set(newBooking, moved.bookingId);
      moved.bookingId = newBooking;
    }
    // A section whose InitSection is not in the recording keeps its original partition: it
    // must then be initialised on the copy by whoever replays, and stays in one partition.
    const partition = assignments.get(command.eventId)?.[command.section] ?? r.partition;
    return {
      key: sectionKey(newEvent, command.section),
      value: encodeMessage(moved),
      partition,
      headers: r.headers,
      timestamp: r.timestamp,
      ...(newBooking ? { bookingId: newBooking } : {}),
    };
  });
  return { records, invalid, originalBooking };
}

/** Event ids that appear in the recorded commands. */
export function recordedEvents(recorded: readonly RecordedMessage[]): string[] {
  const ids = new Set<string>();
  for (const r of recorded) {
    const d = decodeMessage(SeatCommand, valueBytes(r));
    if (d.ok) ids.add(d.value.eventId);
  }
  return [...ids];
}
