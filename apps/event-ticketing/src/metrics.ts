import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Event-ticketing's /metrics: the process's default metrics (event-loop lag, heap, GC), the
 * HTTP histogram buildApp adds, and the announcement records Kafka refused that the outbox
 * relay moved to the dead-letter topic: each one is a published event that a seat node or the
 * booking catalog has not heard of in full until an operator re-queues the record.
 */
export function createTicketingMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const outboxDeadLettered = new Counter({
    name: 'ticketing_outbox_dead_lettered_total',
    help: 'Outbox records Kafka refused (too large, no such topic or partition) that this instance moved to the dead-letter topic, by the topic they were meant for',
    labelNames: ['topic'],
    registers: [registry],
  });
  return { registry, outboxDeadLettered };
}
export type TicketingMetrics = ReturnType<typeof createTicketingMetrics>;
