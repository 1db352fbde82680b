import { z } from 'zod';
import {
  CreateEventBody,
  EventIdParams,
  EventStatus,
  EventSummary,
  EventPage,
  EventView,
  IdempotencyKey,
  ListEventsQuery,
} from '@shared/contracts';
import { assignSections } from '@shared/streams';
import type { HttpServer } from '@shared/http';
import { TOKEN_COOKIE } from '@shared/auth';
import { layoutProblems, seatCount } from '@ticketing/domain';
import { TicketingErrors } from '@ticketing/adapters';
import type { TicketingServices } from '../services';

/**
 * A partial edit of a draft (PATCH): any of the create body's fields, at least one; the
 * sections, when given, replace the whole layout (a layout is validated as one piece).
 */
const PatchEventBody = CreateEventBody.partial().refine((b) => Object.keys(b).length > 0, {
  message: 'give at least one of name, venue, startsAt, sections',
});

/** Layouts of big events are large: 200 sections x 500 rows of JSON fit in 4 MiB. */
const LAYOUT_BODY_LIMIT = 4 * 1024 * 1024;

function checkLayout(body: CreateEventBody): void {
  const problems = layoutProblems(body.sections);
  if (problems.length > 0)
    throw TicketingErrors.layoutInvalid(problems.join('; '), { details: problems });
}

/** Sellers create, edit and publish events; everyone browses published ones. */
export function registerEventRoutes(app: HttpServer, s: TicketingServices): void {
  const seller = s.auth.requireRole('seller');
  const log = app.log.child({ component: 'event-publishing' });

  app.post(
    '/api/events',
    {
      preHandler: seller,
      bodyLimit: LAYOUT_BODY_LIMIT,
      schema: {
        body: CreateEventBody,
        // Optional: with it, a create sent twice makes one event (200 and that event the second
        // time; 409 if the second body differs). Clients that retry should send one.
        headers: z.object({ 'idempotency-key': IdempotencyKey.optional() }),
        response: { 201: EventView, 200: EventView },
      },
    },
    async (request, reply) => {
      checkLayout(request.body);
      const { event, created } = await s.events.create(
        request.user!.sub,
        request.body,
        request.headers['idempotency-key'],
      );
      return reply.status(created ? 201 : 200).send(await s.events.view(event));
    },
  );

  app.put(
    '/api/events/:id',
    {
      preHandler: seller,
      bodyLimit: LAYOUT_BODY_LIMIT,
      schema: { params: EventIdParams, body: CreateEventBody, response: { 200: EventView } },
    },
    async (request) => {
      checkLayout(request.body);
      const event = await s.events.replaceDraft(request.params.id, request.user!.sub, request.body);
      return s.events.view(event);
    },
  );

  app.patch(
    '/api/events/:id',
    {
      preHandler: seller,
      bodyLimit: LAYOUT_BODY_LIMIT,
      schema: { params: EventIdParams, body: PatchEventBody, response: { 200: EventView } },
    },
    async (request) => {
      const event = await s.events.patchDraft(
        request.params.id,
        request.user!.sub,
        request.body,
        checkLayout,
      );
      return s.events.view(event);
    },
  );

  app.post(
    '/api/events/:id/publish',
    { preHandler: seller, schema: { params: EventIdParams, response: { 200: EventView } } },
    async (request) => {
      const started = performance.now();
      const { event, alreadyPublished, tickets } = await s.events.publish(
        request.params.id,
        request.user!.sub,
        (sections) =>
          assignSections(
            request.params.id,
            sections.map((x) => ({ name: x.name, seats: seatCount([x]) })),
            s.partitions,
          ),
      );
      const committedMs = performance.now() - started;
      if (alreadyPublished) {
        // The layout is frozen and its announcement was queued when it was published: a repeat
        // (a double click, a retry after a lost answer) answers the event and sends nothing.
        log.info({ eventId: event.id }, 'event already published; nothing to send');
        return s.events.view(event);
      }
      // The announcement was queued in the publish transaction; the relay sends it now (and a
      // relay started after a crash sends what this process could not).
      s.outbox.kick();
      log.info(
        { eventId: event.id, tickets, committedMs: Math.round(committedMs) },
        'event published',
      );
      return s.events.view(event);
    },
  );

  // The seller's own events, drafts included (the seller UI's list). A static path, so it
  // wins over /api/events/:id.
  app.get(
    '/api/events/mine',
    {
      preHandler: seller,
      schema: {
        response: {
          200: z.strictObject({
            items: z.array(EventSummary.extend({ status: EventStatus })),
          }),
        },
      },
    },
    async (request) => ({ items: await s.events.listOwned(request.user!.sub) }),
  );

  app.get(
    '/api/events',
    { schema: { querystring: ListEventsQuery, response: { 200: EventPage } } },
    async (request) => s.events.listPublished(request.query),
  );

  app.get(
    '/api/events/:id',
    { schema: { params: EventIdParams, response: { 200: EventView } } },
    async (request) => {
      // Optional identity: a seller also sees their own drafts; anyone sees published events.
      const header = request.headers.authorization;
      const token = header?.startsWith('Bearer ')
        ? header.slice(7)
        : request.cookies?.[TOKEN_COOKIE];
      const claims = token ? await s.tokens.verify(token) : undefined;
      const event = await s.events.visible(
        request.params.id,
        claims ? { id: claims.sub } : undefined,
      );
      return s.events.view(event);
    },
  );
}
