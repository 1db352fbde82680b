/**
 * Every Kafka topic of the system, in one table. Names are built here and nowhere else; a
 * `namespace` suffix lets each integration test (or a load-test replay) run on its own copy.
 */

export type CleanupPolicy = 'delete' | 'compact';

export interface TopicSpec {
  /** Logical name; the broker name is `${base}` or `${base}.${namespace}`. */
  readonly base: string;
  readonly cleanupPolicy: CleanupPolicy;
  /** Key of every record, and what travels as the value. */
  readonly key: string;
  readonly value: string;
  /** Retention in ms for delete topics (-1 keeps forever). */
  readonly retentionMs?: number;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The topic table. Changelog and catalog topics are compacted: the latest value per key is the state. */
export const TOPICS = {
  seatCommands: {
    base: 'seat.commands',
    cleanupPolicy: 'delete',
    key: 'eventId:section',
    value: 'SeatCommand (InitSection | ReserveSeats | ReleaseSeats | FinalizeSeats), JSON',
    retentionMs: WEEK_MS,
  },
  seatResults: {
    base: 'seat.results',
    cleanupPolicy: 'delete',
    key: 'bookingId',
    value:
      'SeatResult (SeatsReserved | ReservationRejected | SeatsReleased | SeatsFinalized), JSON',
    retentionMs: WEEK_MS,
  },
  seatAvailability: {
    base: 'seat.availability',
    cleanupPolicy: 'delete',
    key: 'eventId:section',
    value: 'SeatAvailabilityChanged, JSON',
    retentionMs: WEEK_MS,
  },
  seatChangelog: {
    base: 'seat.changelog',
    cleanupPolicy: 'compact',
    key: 'eventId:section',
    value: 'section snapshot bytes (@seat/domain encodeSection)',
  },
  eventCatalog: {
    base: 'event.catalog',
    cleanupPolicy: 'compact',
    key: 'eventId',
    value: 'EventPublished, JSON',
  },
  bookingEvents: {
    base: 'booking.events',
    cleanupPolicy: 'delete',
    key: 'bookingId',
    value: 'BookingStatusChanged, JSON',
    retentionMs: WEEK_MS,
  },
  deadLetter: {
    base: 'dead-letter',
    cleanupPolicy: 'delete',
    key: 'source key',
    value: 'DeadLetter, JSON',
    retentionMs: 4 * WEEK_MS,
  },
} as const satisfies Record<string, TopicSpec>;

export type TopicId = keyof typeof TOPICS;
export type TopicNames = { readonly [K in TopicId]: string };

/** Broker topic names for one namespace ('' for production). */
export function topicNames(namespace = ''): TopicNames {
  const names = {} as Record<TopicId, string>;
  for (const id of Object.keys(TOPICS) as TopicId[]) {
    names[id] = namespace ? `${TOPICS[id].base}.${namespace}` : TOPICS[id].base;
  }
  return Object.freeze(names);
}

export interface TopicCreation {
  topic: string;
  numPartitions: number;
  replicationFactor: number;
  configEntries: { name: string; value: string }[];
}

/**
 * What the admin client must create. Every topic has the same partition count: the changelog
 * partition p holds exactly the sections of command partition p, which is what lets a node
 * restore partition p without reading anything else.
 */
export function topicCreations(opts: {
  namespace?: string;
  partitions: number;
  replicationFactor: number;
}): TopicCreation[] {
  const names = topicNames(opts.namespace);
  return (Object.keys(TOPICS) as TopicId[]).map((id) => {
    const spec: TopicSpec = TOPICS[id];
    const configEntries: { name: string; value: string }[] = [
      { name: 'cleanup.policy', value: spec.cleanupPolicy },
    ];
    if (spec.cleanupPolicy === 'compact') {
      // Compact soon so a restore reads few superseded snapshots.
      configEntries.push(
        { name: 'min.cleanable.dirty.ratio', value: '0.1' },
        // Small segments roll often, so the cleaner can compact them (it never touches the active one).
        { name: 'segment.ms', value: '60000' },
        { name: 'segment.bytes', value: String(16 * 1024 * 1024) },
      );
    } else if (spec.retentionMs !== undefined) {
      configEntries.push({ name: 'retention.ms', value: String(spec.retentionMs) });
    }
    return {
      topic: names[id],
      numPartitions: opts.partitions,
      replicationFactor: opts.replicationFactor,
      configEntries,
    };
  });
}

/** Record key of everything that concerns one event section. */
export function sectionKey(eventId: string, section: string): string {
  return `${eventId}:${section}`;
}

/**
 * Changelog keys that are not a section's snapshot start with this (restore barriers, and the
 * blocks of a section's ended-bookings memory): readers of section snapshots skip them.
 */
export const CONTROL_KEY_PREFIX = '__';
const ENDED_KEY_PREFIX = `${CONTROL_KEY_PREFIX}ended__:`;

/** Changelog (and state store) key of one block of a section's ended-bookings memory. */
export function endedBlockKey(sectionKeyValue: string, block: number): string {
  return `${ENDED_KEY_PREFIX}${sectionKeyValue}:${block}`;
}

/** The section key and block of an `endedBlockKey`, or undefined for any other key. */
export function parseEndedBlockKey(key: string): { sectionKey: string; block: number } | undefined {
  if (!key.startsWith(ENDED_KEY_PREFIX)) return undefined;
  const colon = key.lastIndexOf(':');
  const block = Number(key.slice(colon + 1));
  if (colon <= ENDED_KEY_PREFIX.length || !Number.isInteger(block)) return undefined;
  return { sectionKey: key.slice(ENDED_KEY_PREFIX.length, colon), block };
}
