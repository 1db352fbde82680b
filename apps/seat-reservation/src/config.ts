import { z } from 'zod';
import { DEMO_RULES, InfraEnv, parseEnv } from '@shared/util';

/** Everything seat-reservation reads from its environment, parsed and frozen once at start. */
export const SeatConfig = InfraEnv.extend({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3010),
  /** Names this node's state folder (DATA_DIR/<node>/<partition>) and its transactional id. */
  NODE_ID: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default('node-1'),
  DATA_DIR: z.string().default('.cache/seat-state'),
  /** Command partitions processed at once by this node. */
  SEAT_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(5),
  /** ms the broker may hold a command fetch to gather more (latency against idle polling). */
  SEAT_FETCH_WAIT_MS: z.coerce.number().int().min(1).max(1000).default(15),
  /** ms without heartbeat before the group hands a node's partitions to the others. */
  SEAT_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).max(300_000).default(6000),
});
export type SeatConfig = z.infer<typeof SeatConfig>;

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
): Readonly<SeatConfig> {
  // No secret of its own: production refuses only the platform-wide demo (see DEMO_RULES).
  return parseEnv(SeatConfig, env, { production: DEMO_RULES });
}
