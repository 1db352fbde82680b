import { randomUUID } from 'node:crypto';

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

/** A provider in memory: approves every card but DECLINED_CARD, optionally after a delay. */
export function createSimulatedProvider(opts: { delayMs?: number } = {}): PaymentProvider & {
  charges(): number;
} {
  const approved = new Map<string, string>();
  let count = 0;
  return {
    async charge(req) {
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      const earlier = approved.get(req.idempotencyKey);
      if (earlier) return { status: 'approved', chargeId: earlier };
      if (req.cardNumber === DECLINED_CARD) return { status: 'declined', reason: 'card declined' };
      const chargeId = randomUUID();
      approved.set(req.idempotencyKey, chargeId);
      count += 1;
      return { status: 'approved', chargeId };
    },
    async refund(chargeId) {
      for (const [key, id] of approved) if (id === chargeId) approved.delete(key);
    },
    charges: () => count,
  };
}
