/**
 * Design (a), this engine: ReserveSeats commands produced straight to the command topic (as
 * booking's outbox relay does), two seat-reservation node processes owning 10 partitions, results
 * read from seat.results. It leaves booking's HTTP path out on purpose, so that all three designs
 * are measured at the same layer (the seat store, reached by a client library) and the figures
 * compare the seat-assignment designs, not HTTP frameworks (bench:booking measures that path).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { deleteTopics, ensureTopics } from '@shared/kafka';
import { assignSections, topicCreations, topicNames } from '@shared/streams';
import { sleep } from '@shared/util';
import type { EventSeats } from '@seat/live';
import { createCommandClient, type CommandClient } from '../engine/command-client';
import { freePorts, startSeatNodes, type SeatNodes } from '../engine/seat-nodes';
import { rowLabel, type BookingRequest, type OnSalePlan } from '../workload/onsale';
import type { ReserveOutcome, SeatDesign } from './seat-design';

export function createEngineDesign(opts: {
  kafka: Kafka;
  brokers: string[];
  partitions: number;
  nodes: number;
}): SeatDesign {
  const namespace = `bench${Date.now().toString(36)}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'loadtest-bench-'));
  let nodes: SeatNodes | undefined;
  let client: CommandClient | undefined;
  let eventId = '';
  let assignment: Record<string, number> = {};
  const held = new Map<string, number>();
  let ports: number[] = [];

  return {
    name: 'engine',
    description: `this engine: commands straight to Kafka, ${opts.nodes} seat-reservation nodes, ${opts.partitions} partitions, exactly-once`,
    async prepare(plan: OnSalePlan) {
      eventId = plan.eventId;
      await ensureTopics(
        opts.kafka,
        topicCreations({ namespace, partitions: opts.partitions, replicationFactor: 1 }),
      );
      ports = await freePorts(opts.nodes);
      nodes = await startSeatNodes({
        ...opts,
        namespace,
        count: opts.nodes,
        dataDir,
        ports,
      });
      client = await createCommandClient(opts.kafka, namespace);
      assignment = assignSections(
        eventId,
        plan.sections.map((s) => ({ name: s.name, seats: s.rows * s.seatsPerRow })),
        opts.partitions,
      );
      for (const s of plan.sections) {
        await client.send(
          {
            type: 'InitSection',
            v: 1,
            eventId,
            section: s.name,
            rows: Array.from({ length: s.rows }, (_, r) => ({
              label: rowLabel(r),
              seats: s.seatsPerRow,
            })),
            priceCents: 5000,
          },
          assignment[s.name]!,
        );
      }
      // A probe per section (a seat that does not exist): its rejection proves the section is
      // initialised and the partition's task warm, so the timed run starts on a ready engine.
      await Promise.all(
        plan.sections.map((s) =>
          client!.request(
            {
              type: 'ReserveSeats',
              v: 1,
              eventId,
              section: s.name,
              bookingId: `probe-${s.name}`,
              mode: 'manual',
              seats: [`${s.name}-${s.rows + 1}-1`],
            },
            assignment[s.name]!,
          ),
        ),
      );
    },
    async reserve(bookingId: string, request: BookingRequest): Promise<ReserveOutcome> {
      const result = await client!.request(
        {
          type: 'ReserveSeats',
          v: 1,
          eventId,
          section: request.section,
          bookingId,
          mode: request.mode,
          ...(request.mode === 'manual'
            ? { seats: request.seats! }
            : { quantity: request.quantity }),
        },
        assignment[request.section]!,
      );
      if (result.type === 'SeatsReserved') {
        held.set(request.section, (held.get(request.section) ?? 0) + result.seats.length);
        return { ok: true, seats: result.seats };
      }
      if (result.type === 'ReservationRejected') return { ok: false, reason: result.code };
      return { ok: false, reason: `UNEXPECTED_${result.type}` };
    },
    async heldPerSection() {
      // Read back from the engine's own state (a node's seat map, fed by the changelog), waiting
      // briefly for the view to catch up with the last committed results.
      const url = `http://127.0.0.1:${ports[0]}/api/events/${eventId}/seats`;
      const expected = [...held.values()].reduce((a, b) => a + b, 0);
      let last = new Map<string, number>();
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        const res = await fetch(url);
        if (res.ok) {
          const body = (await res.json()) as EventSeats;
          last = new Map(body.sections.map((s) => [s.section, s.reserved + s.sold]));
          if ([...last.values()].reduce((a, b) => a + b, 0) === expected) break;
        }
        await sleep(250);
      }
      return last;
    },
    async close() {
      await client?.close();
      await nodes?.stop();
      await deleteTopics(opts.kafka, Object.values(topicNames(namespace)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
