/**
 * @packageDocumentation
 * Small shared pieces with no business meaning: config parsing, the error base, logging, waiting,
 * a seeded random generator, the hash that tells an Idempotency-Key's replay from a conflict.
 */
export { parseEnv, ConfigError, InfraEnv, brokerList } from './env';
export { AppError, defineError } from './errors';
export { createLogger, type Logger } from './logger';
export { sleep, waitFor } from './time';
export { seededRandom } from './random';
export { canonicalJson, requestHash } from './request-hash';
