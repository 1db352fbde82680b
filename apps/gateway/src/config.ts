import { join } from 'node:path';
import { z } from 'zod';
import { DEMO_RULES, NodeEnv, parseEnv } from '@shared/util';

/**
 * The largest request body (bytes) either engine passes to an app by default. Above every app's
 * own limit (event-ticketing's layouts: 4 MiB; every other route: Fastify's 64 KiB), so the
 * gateway never refuses what an app would take; a body between an app's limit and this one is
 * the app's to refuse, and its 413 reaches the client.
 */
export const DEFAULT_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

const Url = z.url({ protocol: /^https?$/ });

/** A comma-separated list of base URLs, e.g. "http://127.0.0.1:3010,http://127.0.0.1:3011". */
const UrlList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(Url).min(1));

/**
 * Everything the gateway reads from its environment, parsed and frozen once at start. The
 * upstream defaults are the ports `npm start` gives the apps; they are for local development.
 */
export const GatewayConfig = z.object({
  /** production: refuses the platform-wide development defaults (the demo; see DEMO_RULES). */
  NODE_ENV: NodeEnv,
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** event-ticketing: accounts, events, layouts, analytics. */
  TICKETING_URL: Url.default('http://127.0.0.1:3002'),
  /** booking: bookings, payments, booking status stream. */
  BOOKING_URL: Url.default('http://127.0.0.1:3001'),
  /** seat-reservation nodes; each serves every event's seat map, so any one will do. */
  SEAT_URLS: UrlList.default(['http://127.0.0.1:3010', 'http://127.0.0.1:3011']),
  /** The built web UI (vite build output); the API still works when it is missing. */
  WEB_DIST: z.string().default(join(__dirname, '..', '..', 'web', 'dist')),
  /**
   * Largest request body in bytes, with or without a Content-Length; above it either engine
   * answers 413 without troubling the app. Keep it above every app's own limit.
   */
  GATEWAY_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(DEFAULT_BODY_LIMIT_BYTES),
  /** ms to wait for an upstream's response headers (streams, once open, never time out). */
  UPSTREAM_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /**
   * What proxies: `nginx` (a child nginx, a few hundredths of a ms of CPU per request), `node`
   * (Fastify in this process, ten times that; for machines without nginx), or `auto`: nginx
   * when its binary is on PATH or at /usr/sbin/nginx, else node with a warning.
   */
  GATEWAY_ENGINE: z.enum(['auto', 'nginx', 'node']).default('auto'),
  /** nginx worker processes (the node engine is one process whatever this says). */
  GATEWAY_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /**
   * Who nginx's workers run as when the gateway starts as root (their group: that user's
   * primary one). Never root: a worker serves files, and as root it would serve any of them.
   * Ignored when not root, where nginx cannot switch users and workers run as the gateway does.
   */
  GATEWAY_WORKER_USER: z
    .string()
    .regex(/^[a-z_][a-z0-9_.-]*$/i, 'a user name (letters, digits, _ . -)')
    .refine((name) => name !== 'root', 'not root: the workers would read every file')
    .default('nobody'),
});
export type GatewayConfig = z.infer<typeof GatewayConfig>;

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
): Readonly<GatewayConfig> {
  return parseEnv(GatewayConfig, env, { production: DEMO_RULES });
}
