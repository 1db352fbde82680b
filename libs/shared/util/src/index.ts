/**
 * @packageDocumentation
 * Small shared pieces with no business meaning: config parsing (and the production mode's
 * refusals), the error base, logging, waiting, a seeded random generator, the hash that tells an
 * Idempotency-Key's replay from a conflict.
 */
export { parseEnv, ConfigError, InfraEnv, brokerList } from './env';
/** NODE_ENV=production and the development defaults it refuses. */
export {
  NodeEnv,
  DEMO_RULES,
  DEV_ONLY_DEMO_PASSWORD,
  isProduction,
  secretRule,
  productionProblems,
  type ProductionRule,
} from './production';
export { AppError, defineError } from './errors';
export { createLogger, type Logger } from './logger';
export { sleep, waitFor } from './time';
export { seededRandom } from './random';
export { canonicalJson, requestHash } from './request-hash';
