// The live view's state and feed, with no Kafka in it: snapshots and deltas go in, ordered
// per-section updates come out. availability-view.ts feeds it from the two topics.
//
// Invariants per section:
// - `seq` only grows. A delta is applied only when it is exactly the next one (seq === current
//   + 1); a snapshot only when it is newer (seq > current). Anything else is a duplicate or
//   arrives ahead of the snapshot that will cover it (both come from one Kafka transaction).
// - Every emitted delta starts where the previous one ended (fromSeq === previous seq), so the
//   ring buffer is a chain a client can resume from at any link.
import type { SectionState } from '@seat/domain';
import type { SeatAvailabilityChanged } from '@shared/contracts';
import type { Logger } from '@shared/util';
import type {
  AvailabilityFeed,
  LiveDelta,
  LiveListener,
  LiveSection,
  LiveUpdate,
} from './live.types';
import { RingBuffer } from './ring-buffer';
import { SectionView } from './section-view';

/** Deltas kept per section for resume unless configured otherwise. */
export const DEFAULT_MAX_DELTAS_PER_SECTION = 256;

/** What happened to one input, for logs, metrics and tests. */
export type ApplyResult =
  | 'applied'
  /** seq <= current: already applied (a redelivery or a replay). */
  | 'duplicate'
  /** seq > current + 1: the changelog snapshot of the same transaction will catch us up. */
  | 'ahead'
  /** The section is not known yet (its snapshot comes on the changelog). */
  | 'unknown-section'
  /** A seat of the delta does not exist in the section's layout. */
  | 'mismatch';

interface Entry {
  view: SectionView;
  recent: RingBuffer<LiveDelta>;
}

interface Subscriber {
  section: string | undefined;
  listener: LiveListener;
}

export class LiveSections implements AvailabilityFeed {
  private readonly events = new Map<string, Map<string, Entry>>();
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private readonly maxDeltas: number;
  private caughtUp = false;

  constructor(
    private readonly log: Logger,
    opts: { maxDeltasPerSection?: number } = {},
  ) {
    this.maxDeltas = opts.maxDeltasPerSection ?? DEFAULT_MAX_DELTAS_PER_SECTION;
  }

  /** Marks the view as caught up (availability-view decides when). */
  markReady(): void {
    this.caughtUp = true;
  }

  ready(): boolean {
    return this.caughtUp;
  }

  /**
   * Whether a snapshot at `seq` with these rows would change anything: the section is unknown,
   * the view is older, or the layout was replaced (a replacement keeps the seq). Lets the reader
   * skip decoding the snapshots that deltas already caught up with (the changelog carries a
   * whole section per transaction, every delta of which came before it).
   */
  isNewer(
    eventId: string,
    section: string,
    seq: number,
    rows: readonly { label: string; seats: number }[],
  ): boolean {
    const entry = this.events.get(eventId)?.get(section);
    return !entry || seq > entry.view.seq || !entry.view.hasRows(rows);
  }

  /** A changelog snapshot: replaces the section when newer and emits the difference. */
  applySnapshot(state: SectionState): ApplyResult {
    const { eventId, section } = state.layout;
    if (!this.isNewer(eventId, section, state.seq, state.layout.rows)) return 'duplicate';
    const next = SectionView.fromState(state);
    const sections = this.sectionsOf(eventId, true);
    const entry = sections.get(section);
    if (!entry || !entry.view.hasRows(state.layout.rows)) {
      // New section, or a layout replaced (allowed only while nothing is held): no delta can
      // express it, so resumes across this point get a snapshot and subscribers re-read.
      sections.set(next.section, { view: next, recent: new RingBuffer(this.maxDeltas) });
      this.emit({ kind: 'reset', eventId: next.eventId, section: next.section, seq: next.seq });
      return 'applied';
    }
    const delta: LiveDelta = {
      eventId: next.eventId,
      section: next.section,
      fromSeq: entry.view.seq,
      seq: next.seq,
      changes: entry.view.diff(next),
      available: next.available,
      reserved: next.reserved,
      sold: next.sold,
    };
    entry.view = next;
    this.record(entry, delta);
    return 'applied';
  }

  /** A delta from the availability topic (already schema-validated). */
  applyDelta(msg: SeatAvailabilityChanged): ApplyResult {
    const entry = this.sectionsOf(msg.eventId, false)?.get(msg.section);
    if (!entry) return 'unknown-section';
    const { view } = entry;
    if (msg.seq <= view.seq) return 'duplicate';
    if (msg.seq > view.seq + 1) return 'ahead';
    if (!view.applyChanges(msg.changes)) return 'mismatch';
    const delta: LiveDelta = {
      eventId: msg.eventId,
      section: msg.section,
      fromSeq: view.seq,
      seq: msg.seq,
      changes: msg.changes,
      available: msg.available,
      reserved: msg.reserved,
      sold: msg.sold,
    };
    view.seq = msg.seq;
    view.available = msg.available;
    view.reserved = msg.reserved;
    view.sold = msg.sold;
    this.record(entry, delta);
    return 'applied';
  }

  /**
   * A changelog tombstone: the section is gone. Subscribers get no further updates for it;
   * the next snapshot of the same key starts it afresh (with a reset).
   */
  removeSection(eventId: string, section: string): void {
    const sections = this.events.get(eventId);
    if (!sections?.delete(section)) return;
    if (sections.size === 0) this.events.delete(eventId);
  }

  eventSections(eventId: string): string[] {
    return [...(this.events.get(eventId)?.keys() ?? [])].sort();
  }

  sectionView(eventId: string, section: string): LiveSection | undefined {
    return this.events.get(eventId)?.get(section)?.view;
  }

  subscribe(eventId: string, section: string | undefined, listener: LiveListener): () => void {
    let set = this.subscribers.get(eventId);
    if (!set) this.subscribers.set(eventId, (set = new Set()));
    const subscriber: Subscriber = { section, listener };
    set.add(subscriber);
    return () => {
      set.delete(subscriber);
      if (set.size === 0 && this.subscribers.get(eventId) === set) this.subscribers.delete(eventId);
    };
  }

  /** Subscribers across all events (for metrics and tests). */
  subscriberCount(): number {
    let n = 0;
    for (const set of this.subscribers.values()) n += set.size;
    return n;
  }

  deltasSince(eventId: string, section: string, seq: number): LiveDelta[] | undefined {
    const entry = this.events.get(eventId)?.get(section);
    if (!entry) return undefined;
    if (seq === entry.view.seq) return [];
    // A client ahead of this view (it was served by a more caught-up instance) cannot be
    // continued without a risk of applying a folded diff from an older base: snapshot it.
    if (seq > entry.view.seq) return undefined;
    const { recent } = entry;
    // The chain is sorted by seq; the client's seq must be the start of one link. A seq inside
    // a folded (snapshot) delta is not a state we can continue from.
    for (let i = recent.size - 1; i >= 0; i--) {
      const delta = recent.at(i)!;
      if (delta.fromSeq === seq) return recent.sliceFrom(i);
      if (delta.fromSeq < seq) return undefined;
    }
    return undefined;
  }

  /** Drops every subscriber (the view is stopping). */
  clearSubscribers(): void {
    this.subscribers.clear();
  }

  private sectionsOf(eventId: string, create: true): Map<string, Entry>;
  private sectionsOf(eventId: string, create: false): Map<string, Entry> | undefined;
  private sectionsOf(eventId: string, create: boolean): Map<string, Entry> | undefined {
    let sections = this.events.get(eventId);
    if (!sections && create) this.events.set(eventId, (sections = new Map()));
    return sections;
  }

  private record(entry: Entry, delta: LiveDelta): void {
    entry.recent.push(delta);
    this.emit({ kind: 'delta', ...delta });
  }

  private emit(update: LiveUpdate): void {
    const set = this.subscribers.get(update.eventId);
    if (!set) return;
    // Copy: a listener may unsubscribe (e.g. a dropped client) while we iterate.
    for (const sub of [...set]) {
      if (sub.section !== undefined && sub.section !== update.section) continue;
      try {
        sub.listener(update);
      } catch (err) {
        // A broken listener must not stop the feed for everyone else.
        this.log.error(
          { err, eventId: update.eventId, section: update.section },
          'listener failed',
        );
      }
    }
  }
}
