/**
 * @packageDocumentation
 * Small shared pieces with no business meaning: config parsing, the error base, logging, waiting.
 */
export { parseEnv, ConfigError, InfraEnv, brokerList } from './env';
export { AppError, defineError } from './errors';
export { createLogger, type Logger } from './logger';
export { sleep, waitFor } from './time';
