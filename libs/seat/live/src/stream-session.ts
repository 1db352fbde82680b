// One SSE client's view of an event: which seq of each section it has, what to send when it
// (re)connects, and how to turn feed updates into its messages. Pure of HTTP so it is testable
// with LiveSections alone.
//
// Invariant: for every section in `seen`, the client has exactly the state at that seq, and
// every message's id is `seen` after the client applied it. Hence resume from any id works.
import type { AvailabilityFeed, LiveDelta, LiveUpdate, SectionSnapshot } from './live.types';
import { encodeSeenSeqs } from './sse-id';

/** Event names on the wire. */
export type StreamEventName = 'snapshot' | 'delta' | 'heartbeat';

/** An SSE message with its data already serialised (so the queue can count bytes). */
export interface OutboundMessage {
  id?: string;
  event: StreamEventName;
  data: string;
}

/** Data of a `snapshot` event: these sections replace whatever the client had for them. */
export interface SnapshotData {
  eventId: string;
  sections: SectionSnapshot[];
}

/** Data of a `delta` event: apply when `fromSeq` equals the client's seq of the section. */
export interface DeltaData {
  section: string;
  fromSeq: number;
  seq: number;
  changes: LiveDelta['changes'];
  available: number;
  reserved: number;
  sold: number;
}

export class StreamSession {
  private readonly seen = new Map<string, number>();
  private unsubscribe: (() => void) | undefined;

  /**
   * @param section only this section (?section=), or undefined for every section of the event
   * @param send queues one message; false when the client is gone (the session then stops)
   */
  constructor(
    private readonly feed: AvailabilityFeed,
    private readonly eventId: string,
    private readonly section: string | undefined,
    private readonly send: (message: OutboundMessage) => boolean,
  ) {}

  /**
   * Subscribes and queues the opening messages. Both happen in one synchronous step, so no
   * update can fall between the starting point and the first live delta.
   *
   * @param lastSeen the parsed Last-Event-ID, or undefined for a fresh start
   */
  open(lastSeen: ReadonlyMap<string, number> | undefined): void {
    this.unsubscribe = this.feed.subscribe(this.eventId, this.section, (u) => this.onUpdate(u));
    const sections = this.section ? [this.section] : this.feed.eventSections(this.eventId);
    const stale: string[] = [];
    const replay: LiveDelta[] = [];
    for (const section of sections) {
      const seq = lastSeen?.get(section);
      const deltas =
        seq === undefined ? undefined : this.feed.deltasSince(this.eventId, section, seq);
      if (deltas === undefined) stale.push(section);
      else {
        this.seen.set(section, seq!);
        replay.push(...deltas);
      }
    }
    // A fresh client always gets a snapshot, even of zero sections, as its starting point.
    if (stale.length > 0 || lastSeen === undefined) this.sendSnapshot(stale);
    for (const delta of replay) this.sendDelta(delta);
  }

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private onUpdate(update: LiveUpdate): void {
    const seq = this.seen.get(update.section);
    if (update.kind === 'reset' || seq === undefined) {
      this.sendSnapshot([update.section]);
      return;
    }
    if (update.seq <= seq) return; // already sent (e.g. through the resume replay)
    // The feed's chain is contiguous, so this only guards the invariant: never apply a delta
    // to a base the client does not have.
    if (update.fromSeq !== seq) this.sendSnapshot([update.section]);
    else this.sendDelta(update);
  }

  private sendSnapshot(sections: string[]): void {
    const snapshots: SectionSnapshot[] = [];
    for (const section of sections) {
      const view = this.feed.sectionView(this.eventId, section);
      if (!view) continue; // removed meanwhile
      this.seen.set(section, view.seq);
      snapshots.push(view.snapshot());
    }
    const data: SnapshotData = { eventId: this.eventId, sections: snapshots };
    this.emit({ id: encodeSeenSeqs(this.seen), event: 'snapshot', data: JSON.stringify(data) });
  }

  private sendDelta(delta: LiveDelta): void {
    this.seen.set(delta.section, delta.seq);
    const data: DeltaData = {
      section: delta.section,
      fromSeq: delta.fromSeq,
      seq: delta.seq,
      changes: delta.changes,
      available: delta.available,
      reserved: delta.reserved,
      sold: delta.sold,
    };
    this.emit({ id: encodeSeenSeqs(this.seen), event: 'delta', data: JSON.stringify(data) });
  }

  private emit(message: OutboundMessage): void {
    if (!this.send(message)) this.close();
  }
}
