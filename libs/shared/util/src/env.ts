import { z } from 'zod';
import { NodeEnv, productionProblems, type ProductionRule } from './production';

/** Thrown at start-up when configuration is invalid; lists every problem at once. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses environment variables with a zod object schema and freezes the result. Apps call
 * this once, in config.ts; nothing else reads process.env. With NODE_ENV=production the app's
 * `production` rules are checked too, and their problems listed with the schema's.
 */
export function parseEnv<S extends z.ZodObject>(
  schema: S,
  env: Record<string, string | undefined>,
  opts: { production?: readonly ProductionRule[] } = {},
): Readonly<z.infer<S>> {
  const parsed = schema.safeParse(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)),
    ...productionProblems(env, opts.production ?? []),
  ];
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return Object.freeze(parsed.data);
}

/** Common variables: where the infrastructure is. Defaults are for local development only. */
export const InfraEnv = z.object({
  /** production: the app refuses development defaults (see production.ts). */
  NODE_ENV: NodeEnv,
  KAFKA_BROKERS: z.string().default('127.0.0.1:9092'),
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(10),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(5).default(1),
  /** Suffix for every topic and group name; tests and replays use their own. */
  KAFKA_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9_]*$/)
    .default(''),
  DATABASE_URL: z.string().default('postgresql://postgres@127.0.0.1:5432/seat_engine'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type InfraEnv = z.infer<typeof InfraEnv>;

/** "a,b" -> ["a","b"], trimming blanks. */
export function brokerList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
