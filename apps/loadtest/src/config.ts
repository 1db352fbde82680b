/**
 * The loadtest CLI's configuration: where the infrastructure and the system under test are.
 * Parsed once from the environment (zod, every problem at once, frozen); command-line options
 * override these per run. Nothing else reads process.env.
 */
import { z } from 'zod';
import { InfraEnv, parseEnv } from '@shared/util';

export const LoadtestConfig = InfraEnv.extend({
  /** The public origin (the gateway): /api/* of every app. */
  LOADTEST_BASE_URL: z.url().default('http://127.0.0.1:3000'),
  /** A seat-reservation node, for GET /api/events/:id/seats (any node serves every section). */
  LOADTEST_SEAT_URL: z.url().default('http://127.0.0.1:3010'),
  /** Where reports (JSON + HTML) are written. */
  LOADTEST_REPORT_DIR: z.string().min(1).default('.cache/loadtest'),
  /** The demo accounts' password (seed-demo); unset, a development-only default is used. */
  DEMO_PASSWORD: z.string().min(8).max(200).optional(),
});
export type LoadtestConfig = z.infer<typeof LoadtestConfig>;

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
): Readonly<LoadtestConfig> {
  return parseEnv(LoadtestConfig, env);
}
