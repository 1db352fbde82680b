import { randomUUID } from 'node:crypto';
import { PAYMENT_SIGNATURE_HEADER, signPayload, type PaymentSucceeded } from './webhook-signature';

/**
 * The payment provider behind an interface, so a real one can replace the simulation.
 * `charge` is idempotent per `idempotencyKey` (booking uses the booking id): asking twice
 * charges once and answers the first approval again.
 */
export interface PaymentProvider {
  charge(req: {
    idempotencyKey: string;
    amountCents: number;
    cardNumber: string;
  }): Promise<ChargeResult>;
  /** Gives an approved charge back (a payment that lost the race against expiry). */
  refund(chargeId: string): Promise<void>;
}

export type ChargeResult =
  { status: 'approved'; chargeId: string } | { status: 'declined'; reason: string };

/** The card the simulated provider declines. */
export const DECLINED_CARD = '4000000000000002';

/** One webhook delivery of the simulated provider, as its endpoint answered it. */
export interface WebhookDelivery {
  bookingId: string;
  /** HTTP status, or 'failed' when the endpoint could not be reached. */
  status: number | 'failed';
  outcome?: string;
}

export interface SimulatedProviderOptions {
  /** How long each charge takes (a slow provider). */
  delayMs?: number;
  /**
   * After each approval the provider also confirms the charge on the merchant's webhook, as
   * real providers do, `deliveries` times (real ones deliver at least once, sometimes twice).
   * `url` is asked at delivery time (the server's port is known once it listens); undefined
   * skips the delivery.
   */
  webhook?: {
    url: () => string | undefined;
    secret: string;
    deliveries: number;
    onDelivery?: (delivery: WebhookDelivery) => void;
  };
}

/**
 * A provider in memory: approves every card but DECLINED_CARD, optionally after a delay, and
 * (optionally) confirms each approval on the webhook, possibly more than once.
 */
export function createSimulatedProvider(opts: SimulatedProviderOptions = {}): PaymentProvider & {
  charges(): number;
  /** Every webhook delivery made so far, in order. */
  deliveries(): WebhookDelivery[];
} {
  const approved = new Map<string, string>();
  const delivered: WebhookDelivery[] = [];
  let count = 0;

  async function confirm(bookingId: string, chargeId: string, amountCents: number) {
    const hook = opts.webhook;
    if (!hook) return;
    const event: PaymentSucceeded = {
      type: 'PaymentSucceeded',
      v: 1,
      chargeId,
      bookingId,
      amountCents,
    };
    const body = JSON.stringify(event);
    for (let i = 0; i < hook.deliveries; i++) {
      const url = hook.url();
      if (!url) return;
      let delivery: WebhookDelivery;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [PAYMENT_SIGNATURE_HEADER]: signPayload(
              hook.secret,
              body,
              Math.floor(Date.now() / 1000),
            ),
          },
          body,
          signal: AbortSignal.timeout(5000),
        });
        const answer = (await res.json().catch(() => ({}))) as { outcome?: string };
        delivery = {
          bookingId,
          status: res.status,
          ...(answer.outcome ? { outcome: answer.outcome } : {}),
        };
      } catch {
        delivery = { bookingId, status: 'failed' };
      }
      delivered.push(delivery);
      hook.onDelivery?.(delivery);
    }
  }

  return {
    async charge(req) {
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      const earlier = approved.get(req.idempotencyKey);
      if (earlier) return { status: 'approved', chargeId: earlier };
      if (req.cardNumber === DECLINED_CARD) return { status: 'declined', reason: 'card declined' };
      const chargeId = randomUUID();
      approved.set(req.idempotencyKey, chargeId);
      count += 1;
      // The confirmation travels on its own, as a provider's would: it may arrive before or
      // after the synchronous answer has been acted on.
      void confirm(req.idempotencyKey, chargeId, req.amountCents);
      return { status: 'approved', chargeId };
    },
    async refund(chargeId) {
      for (const [key, id] of approved) if (id === chargeId) approved.delete(key);
    },
    charges: () => count,
    deliveries: () => [...delivered],
  };
}

export type SimulatedProvider = ReturnType<typeof createSimulatedProvider>;
