import type { Redis } from 'ioredis';
import type { PrismaClient } from '@shared/db';
import { createAuthHooks, type TokenService } from '@shared/auth';
import type { OutboxRelay } from '@shared/kafka';
import type {
  EventRepository,
  LoginLimiter,
  PublishLimiter,
  OrderReader,
  SalesFeed,
  SeatStatusReader,
  SignupLimiter,
} from '@ticketing/adapters';

/** The infrastructure and adapters the routes use; built by runtime.ts (or a test). */
export interface TicketingServices {
  prisma: PrismaClient;
  redis: Redis;
  tokens: TokenService;
  auth: ReturnType<typeof createAuthHooks>;
  /** Logins per account (from anywhere) and per address (on any account). */
  loginLimiter: LoginLimiter;
  /** Sign-ups per client address. */
  signupLimiter: SignupLimiter;
  /** Publish requests per seller and event (publish-limit.ts). */
  publishLimiter: PublishLimiter;
  events: EventRepository;
  /** Sends what publishing wrote to the outbox; kicked after each publish commits. */
  outbox: OutboxRelay;
  /** The seller's seat map: held and sold seats, no buyer data. */
  seatStatus: SeatStatusReader;
  /** The seller's order list of an event (buyer name and email: the seller's eyes only). */
  orders: OrderReader;
  /** Throttled analytics updates for the SSE stream, fed by the seat-results consumer. */
  salesFeed: SalesFeed;
  /** Partitions of the seat command topic (KAFKA_PARTITIONS): the assignment depends on it. */
  partitions: number;
  /** Sets the Secure flag on the token cookie (behind HTTPS). */
  secureCookies: boolean;
}
