/**
 * Seeds the demo through the public API: a demo seller and a demo buyer (logged in, registered
 * first when missing) and, unless the seller already has an upcoming published event, "Demo
 * Night", created and published. Idempotent: a second run finds the published event and creates
 * nothing. A draft left by a run that died between create and publish is published, not doubled,
 * and two runs at once create one event between them (the create's Idempotency-Key).
 */
import type { EventView } from '@shared/contracts';
import { DEV_ONLY_DEMO_PASSWORD } from '@shared/util';
import {
  createPublishedEvent,
  loadEvent,
  loginOrRegister,
  waitUntilBookable,
} from '../buyers/setup';
import type { ApiClient, ApiOrigins } from '../http/api-client';
import { DEMO_EVENT_NAME, demoEventBody } from './demo-event';

export const DEMO_SELLER = { email: 'demo-seller@example.com', name: 'Demo Seller' } as const;
export const DEMO_BUYER = { email: 'demo-buyer@example.com', name: 'Demo Buyer' } as const;

/**
 * DEVELOPMENT ONLY: the demo accounts' password when DEMO_PASSWORD is not set. It is printed and
 * committed, so anyone can log in as the demo accounts of a platform that kept it; every app
 * refuses it in production (@shared/util's DEMO_RULES).
 */
export const DEV_DEMO_PASSWORD = DEV_ONLY_DEMO_PASSWORD;

export interface SeedResult {
  /** created: a new event; published-draft: an earlier run's draft; existing: nothing done */
  action: 'created' | 'published-draft' | 'existing';
  event: EventView;
  registered: { seller: boolean; buyer: boolean };
}

export async function seedDemo(
  api: ApiClient,
  origins: ApiOrigins,
  opts: { password: string; log: (line: string) => void; now?: Date },
): Promise<SeedResult> {
  const { password, log } = opts;
  const seller = await loginOrRegister(api, { ...DEMO_SELLER, password, role: 'seller' });
  const buyer = await loginOrRegister(api, { ...DEMO_BUYER, password, role: 'buyer' });
  log(`${DEMO_SELLER.email}: ${seller.registered ? 'registered' : 'exists'}`);
  log(`${DEMO_BUYER.email}: ${buyer.registered ? 'registered' : 'exists'}`);

  // The check that makes a rerun a no-op: any upcoming published event of the demo seller will
  // do (one they published by hand in the UI too), so the catalogue never fills with copies.
  // One whose show has started no longer counts: a demo nobody can book is no demo, so a seed
  // after the date creates the next one.
  const now = opts.now ?? new Date();
  const upcoming = (e: { startsAt: string }) => Date.parse(e.startsAt) > now.getTime();
  const own = await api.ownEvents(seller.token);
  const published = own.find((e) => e.status === 'PUBLISHED' && upcoming(e));
  const draft = own.find((e) => e.status === 'DRAFT' && e.name === DEMO_EVENT_NAME && upcoming(e));
  let action: SeedResult['action'];
  let eventId: string;
  if (published) {
    action = 'existing';
    eventId = published.id;
  } else if (draft) {
    action = 'published-draft';
    eventId = draft.id;
    await api.publish(seller.token, eventId);
  } else {
    action = 'created';
    // Two seeds at once (two `npm start`s) both get here; the key, one per show date, makes the
    // second one's create answer the first one's event instead of a copy.
    const body = demoEventBody(now);
    eventId = await createPublishedEvent(api, seller.token, body, `demo-seed:${body.startsAt}`);
  }
  log(`event ${eventId}: ${action}`);
  // Booking learns an event from the catalog topic a moment after publication: wait, so that
  // "seeded" means a buyer can book it right away.
  await waitUntilBookable(api, buyer.token, eventId);
  return {
    action,
    event: await loadEvent(origins, eventId),
    registered: { seller: seller.registered, buyer: buyer.registered },
  };
}

/** What a person reads after the seed: the event and the two logins. */
export function seedSummary(r: SeedResult, password: { value: string; isDevDefault: boolean }) {
  const seats = r.event.sections.reduce((n, s) => n + s.capacity, 0);
  const did = {
    created: 'created and published',
    'published-draft': 'published (its draft was already there)',
    existing: 'already published; nothing created',
  }[r.action];
  const pw = password.isDevDefault
    ? `${password.value}  (development default; set DEMO_PASSWORD to change it)`
    : '(the DEMO_PASSWORD value)';
  return [
    `demo event "${r.event.name}" at ${r.event.venue}, ${r.event.startsAt}: ${did}`,
    `  id ${r.event.id}; ${seats} seats: ${r.event.sections.map((s) => `${s.name} ${s.capacity} at ${(s.price / 100).toFixed(2)}`).join(', ')}`,
    'demo logins (development accounts, not for real use):',
    `  seller  ${DEMO_SELLER.email}`,
    `  buyer   ${DEMO_BUYER.email}`,
    `  password ${pw}`,
  ].join('\n');
}
