/**
 * Design (c): a Redis bitmap per section and a Lua script that decides a hold atomically
 * (redis-hold.script.ts). Every request is one EVALSHA on one connection with auto-pipelining, so
 * concurrent requests share round trips. Keys live under a run prefix; close() deletes them.
 */
import { Redis } from 'ioredis';
import type { BookingRequest, OnSalePlan, SectionPlan } from '../workload/onsale';
import { HOLD_SCRIPT } from './redis-hold.script';
import type { ReserveOutcome, SeatDesign } from './seat-design';

type HoldReply = [0, string] | [1, ...number[]];

interface RedisWithHold extends Redis {
  hold(
    bitmap: string,
    owners: string,
    free: string,
    rows: number,
    perRow: number,
    bookingId: string,
    mode: 'best' | 'manual',
    what: string,
  ): Promise<HoldReply>;
}

export function createRedisDesign(opts: { url: string }): SeatDesign {
  const prefix = `seat-bench-redis:${Date.now().toString(36)}`;
  const redis = new Redis(opts.url, { enableAutoPipelining: true }) as RedisWithHold;
  redis.defineCommand('hold', { numberOfKeys: 3, lua: HOLD_SCRIPT });
  const sections = new Map<string, SectionPlan>();
  const key = (section: string, what: 'bitmap' | 'owners' | 'free') =>
    `${prefix}:{${section}}:${what}`;

  /** "S3-12-7" -> 0-based index in the section's bitmap (row-major). */
  const indexOf = (plan: SectionPlan, seat: string) => {
    const [, row, n] = seat.split('-');
    return (Number(row) - 1) * plan.seatsPerRow + (Number(n) - 1);
  };
  const seatOf = (plan: SectionPlan, i: number) =>
    `${plan.name}-${Math.floor(i / plan.seatsPerRow) + 1}-${(i % plan.seatsPerRow) + 1}`;

  return {
    name: 'redis',
    description: 'Redis bitmap per section, one Lua script per hold (first-fit), auto-pipelined',
    async prepare(plan: OnSalePlan) {
      for (const s of plan.sections) {
        sections.set(s.name, s);
        await redis.set(key(s.name, 'free'), s.rows * s.seatsPerRow);
      }
    },
    async reserve(bookingId: string, request: BookingRequest): Promise<ReserveOutcome> {
      const plan = sections.get(request.section);
      if (!plan) return { ok: false, reason: 'SECTION_UNKNOWN' };
      const reply = await redis.hold(
        key(plan.name, 'bitmap'),
        key(plan.name, 'owners'),
        key(plan.name, 'free'),
        plan.rows,
        plan.seatsPerRow,
        bookingId,
        request.mode === 'manual' ? 'manual' : 'best',
        request.mode === 'manual'
          ? request.seats!.map((s) => indexOf(plan, s)).join(',')
          : String(request.quantity),
      );
      if (reply[0] === 0) return { ok: false, reason: String(reply[1]) };
      return { ok: true, seats: (reply.slice(1) as number[]).map((i) => seatOf(plan, i)) };
    },
    async heldPerSection() {
      const out = new Map<string, number>();
      for (const s of sections.values())
        out.set(s.name, await redis.bitcount(key(s.name, 'bitmap')));
      return out;
    },
    async close() {
      // Exactly the keys this run made (no KEYS scan over a shared Redis).
      const keys = [...sections.keys()].flatMap((name) =>
        (['bitmap', 'owners', 'free'] as const).map((what) => key(name, what)),
      );
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    },
  };
}
