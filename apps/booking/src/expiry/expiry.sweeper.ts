import type { Logger } from '@shared/util';
import type { BookingRepository } from '../bookings/booking.repository';
import type { StatusChange } from '../outbox/outbox';

/**
 * Turns overdue PENDING_PAYMENT bookings EXPIRED (with a Release command via the outbox).
 * PostgreSQL's expires_at is the truth, not the Redis TTL, so a deadline that passed while every
 * booking instance was down is honoured by the first sweep at start. Safe with several
 * instances: the repository claims rows FOR UPDATE SKIP LOCKED.
 */
export interface ExpirySweeper {
  /** Sweeps until nothing is overdue; returns how many bookings it expired. */
  sweep(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

const BATCH = 200;

export function createExpirySweeper(deps: {
  bookings: BookingRepository;
  intervalMs: number;
  logger: Logger;
  onChanges: (changes: StatusChange[]) => Promise<void>;
}): ExpirySweeper {
  const log = deps.logger.child({ component: 'expiry-sweeper' });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  async function sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const changes = await deps.bookings.expireOverdue(new Date(), BATCH);
      total += changes.length;
      await deps.onChanges(changes);
      if (changes.length < BATCH) break;
    }
    if (total > 0) log.info({ expired: total }, 'expired overdue holds');
    return total;
  }

  const tick = () => {
    running = sweep()
      .catch((err: unknown) => log.warn({ err }, 'sweep failed; next round retries'))
      .finally(() => {
        if (timer) timer = setTimeout(tick, deps.intervalMs);
      });
  };

  return {
    sweep,
    start() {
      timer = setTimeout(tick, deps.intervalMs);
    },
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
