/**
 * Consumer group ids, built here only. Groups that must see every partition on every
 * instance (live feeds) get a per-instance id; groups that share work use one id.
 */
export const GROUPS = {
  /** The seat stream processor: its nodes split the command partitions. */
  seatReservation: 'seat-reservation',
  /** Booking consumes seat results (and the catalog) as one group across its instances. */
  bookingResults: 'booking.results',
  bookingCatalog: 'booking.catalog',
  /** Event-ticketing keeps tickets and analytics from seat results and booking events. */
  ticketingResults: 'ticketing.results',
} as const;

export type GroupId = keyof typeof GROUPS;

export function groupId(id: GroupId, namespace = ''): string {
  return namespace ? `${GROUPS[id]}.${namespace}` : GROUPS[id];
}

/** A group of one member, for a component that must read all partitions itself (SSE feeds). */
export function instanceGroupId(component: string, instance: string, namespace = ''): string {
  return ['feed', component, instance, namespace].filter(Boolean).join('.');
}

/**
 * The transactional id of one incarnation of a seat-reservation node's producer. A new one is
 * made whenever the producer is (re)created, and the committed offsets of the partitions it
 * processes name it, so whoever takes a partition next knows which producer to fence.
 */
export function transactionalId(node: string, incarnation: string, namespace = ''): string {
  return ['seat-reservation', namespace, node, incarnation].filter(Boolean).join('.');
}
