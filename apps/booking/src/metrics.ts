import type { Pool } from 'pg';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * What an operator watches during an on-sale: status changes by target status, bookings
 * waiting for their seat result (how many, and how old the oldest is: a stuck pipeline shows
 * here first), the outbox rows not yet sent to Kafka, how long sent ones waited there, and the
 * records Kafka refused that went to the dead-letter topic instead. The gauges are read from
 * PostgreSQL when Prometheus scrapes (bookings through the status index; the outbox holds
 * unsent rows only), so they cost nothing between scrapes and agree across booking instances.
 * A gauge PostgreSQL cannot answer within `timeoutMs` (down, hung, or the pool busy with an
 * on-sale) reads NaN, unknown, rather than failing the scrape: the process metrics and counters
 * matter most when PostgreSQL is in trouble.
 */
export function createBookingMetrics(
  pool: Pool,
  opts: { timeoutMs?: number; onError?: (gauge: string, err: unknown) => void } = {},
) {
  const timeoutMs = opts.timeoutMs ?? 2000;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const statusChanges = new Counter({
    name: 'booking_status_changes_total',
    help: 'Booking status changes made by this instance, by the status moved to',
    labelNames: ['to'],
    registers: [registry],
  });
  const outboxDelay = new Histogram({
    name: 'booking_outbox_delay_seconds',
    help: 'Outbox records acknowledged by Kafka, by topic: time from the transaction that wrote them to their delete (relay of this instance)',
    labelNames: ['topic'],
    buckets: [0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 2, 5],
    registers: [registry],
  });
  const outboxDeadLettered = new Counter({
    name: 'booking_outbox_dead_lettered_total',
    help: 'Outbox records Kafka refused (too large, no such topic or partition) that this instance moved to the dead-letter topic, by the topic they were meant for; each one is a record lost to its consumers until an operator re-queues it',
    labelNames: ['topic'],
    registers: [registry],
  });
  // One query per gauge: prom-client collects the metrics of a scrape concurrently.
  const gauge = (name: string, help: string, sql: string) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        let timer: NodeJS.Timeout | undefined;
        try {
          const { rows } = await Promise.race([
            pool.query<{ v: number | string | null }>(sql),
            new Promise<never>((_, reject) => {
              timer = setTimeout(
                () => reject(new Error(`no answer within ${timeoutMs} ms`)),
                timeoutMs,
              );
            }),
          ]);
          this.set(Math.max(0, Number(rows[0]?.v ?? 0)));
        } catch (err) {
          this.set(Number.NaN);
          opts.onError?.(name, err);
        } finally {
          clearTimeout(timer);
        }
      },
    });
  gauge(
    'booking_processing',
    'Bookings waiting for their seat result (PROCESSING), all instances',
    `SELECT count(*) AS v FROM booking.bookings WHERE status = 'PROCESSING'`,
  );
  gauge(
    'booking_processing_oldest_seconds',
    'Age of the oldest booking still PROCESSING (0 when there is none)',
    `SELECT EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS v
     FROM booking.bookings WHERE status = 'PROCESSING'`,
  );
  gauge(
    'booking_outbox_unsent',
    'Outbox records not yet acknowledged by Kafka, all instances',
    'SELECT count(*) AS v FROM booking.outbox',
  );
  return { registry, statusChanges, outboxDelay, outboxDeadLettered };
}
export type BookingMetrics = ReturnType<typeof createBookingMetrics>;
