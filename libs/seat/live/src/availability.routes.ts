// GET /api/events/:id/seats and GET /api/events/:id/stream (SSE), served from the in-process
// availability feed. See stream-session.ts for the message semantics and sse-id.ts for ids.
import fastifySSE from '@fastify/sse';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply } from 'fastify';
import { ErrorBody } from '@shared/contracts';
import type { HttpServer, ZodTypeProvider } from '@shared/http';
import type { Logger } from '@shared/util';
import { EventParams, EventSeats, SectionQuery } from './availability.schemas';
import { ClientQueue } from './client-queue';
import { LiveErrors } from './live.errors';
import type { AvailabilityFeed } from './live.types';
import { parseSeenSeqs } from './sse-id';
import { StreamSession, type OutboundMessage } from './stream-session';

export interface AvailabilityRoutesOptions {
  /** ms between `heartbeat` events, so proxies keep idle streams open (15,000). */
  heartbeatMs?: number;
  /** Messages a client may fall behind before it is dropped (1,000). */
  maxQueuedMessages?: number;
  /** Bytes a client may fall behind before it is dropped (8 MiB). */
  maxQueuedBytes?: number;
  /** Parent logger for the routes' child (defaults to the app's logger). */
  logger?: Logger;
}

const DEFAULTS = { heartbeatMs: 15_000, maxQueuedMessages: 1_000, maxQueuedBytes: 8 << 20 };

/** Data is serialised before queueing (to count bytes); pass it through unchanged. */
const passThrough = (data: unknown): string =>
  typeof data === 'string' ? data : JSON.stringify(data);

/**
 * Registers the routes (and @fastify/sse, unless the app already has it) in an encapsulated
 * scope. Await it before `listen`.
 */
export async function registerAvailabilityRoutes(
  app: HttpServer,
  view: AvailabilityFeed,
  opts: AvailabilityRoutesOptions = {},
): Promise<void> {
  const cfg = { ...DEFAULTS, ...definedOnly(opts) };
  const base: FastifyBaseLogger = opts.logger ?? app.log;
  const log = base.child({ component: 'availability-routes' });

  await app.register(async (plain: FastifyInstance) => {
    // Registering the plugin twice would wrap our handler twice; heartbeats are ours (queued
    // behind data, so a stalled client's heartbeats count against its bound too).
    if (!plain.hasPlugin('@fastify/sse'))
      await plain.register(fastifySSE, { heartbeatInterval: 0 });
    const scope = plain.withTypeProvider<ZodTypeProvider>();

    scope.get(
      '/api/events/:id/seats',
      {
        schema: {
          params: EventParams,
          querystring: SectionQuery,
          response: { 200: EventSeats, 404: ErrorBody, 503: ErrorBody },
        },
      },
      async (request) => {
        const { id } = request.params;
        const sections = requestedSections(view, id, request.query.section);
        return {
          eventId: id,
          sections: sections.map((s) => view.sectionView(id, s)!.snapshot()),
        };
      },
    );

    scope.get(
      '/api/events/:id/stream',
      {
        schema: { params: EventParams, querystring: SectionQuery },
        sse: { kind: 'only', heartbeat: false, serializer: passThrough },
      },
      async (request, reply) => {
        const { id } = request.params;
        const { section } = request.query;
        requestedSections(view, id, section); // 404/503 before any byte is streamed
        openStream(reply, view, id, section, cfg, log);
      },
    );
  });
}

function openStream(
  reply: FastifyReply,
  view: AvailabilityFeed,
  eventId: string,
  section: string | undefined,
  cfg: typeof DEFAULTS,
  log: FastifyBaseLogger,
): void {
  const sse = reply.sse;
  sse.keepAlive();
  sse.sendHeaders();
  const raw = reply.raw;
  const queue = new ClientQueue<OutboundMessage>({
    maxMessages: cfg.maxQueuedMessages,
    maxBytes: cfg.maxQueuedBytes,
    write: (message) => {
      if (!sse.isConnected) throw new Error('SSE connection closed');
      // send() writes synchronously; its promise only tracks the drain, which the queue
      // watches itself through writable()/whenWritable().
      sse.send(message).catch(() => undefined);
    },
    writable: () => !raw.writableNeedDrain,
    whenWritable: () => onceDrainedOrClosed(raw),
    onOverflow: (queued) => {
      log.warn({ eventId, section, ...queued }, 'slow SSE client dropped');
      // destroy, not end: a stalled client would never read up to the end of the stream.
      raw.destroy();
    },
  });
  const push = (message: OutboundMessage) =>
    queue.push(message, message.data.length + (message.id?.length ?? 0));
  const session = new StreamSession(view, eventId, section, push);
  const heartbeat = setInterval(
    () => push({ event: 'heartbeat', data: '{}' }),
    cfg.heartbeatMs,
  ).unref();
  sse.onClose(() => {
    clearInterval(heartbeat);
    session.close();
    queue.close();
  });
  // Malformed or foreign ids are treated as absent: the client simply gets a snapshot.
  session.open(parseSeenSeqs(sse.lastEventId));
}

function onceDrainedOrClosed(raw: FastifyReply['raw']): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      raw.off('drain', done);
      raw.off('close', done);
      resolve();
    };
    raw.once('drain', done);
    raw.once('close', done);
  });
}

/** The sections a request covers; throws the catalogue's 404/503 when there are none. */
function requestedSections(
  view: AvailabilityFeed,
  eventId: string,
  section: string | undefined,
): string[] {
  if (!view.ready()) throw LiveErrors.notReady('seat availability is still loading, retry shortly');
  const sections = view.eventSections(eventId);
  if (sections.length === 0) throw LiveErrors.eventNotFound(`no seat map for event ${eventId}`);
  if (section === undefined) return sections;
  if (!sections.includes(section)) {
    throw LiveErrors.sectionNotFound(`event ${eventId} has no section ${section}`);
  }
  return [section];
}

function definedOnly<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}
