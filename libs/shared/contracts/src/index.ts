/**
 * @packageDocumentation
 * The contracts between the apps: zod schemas of every Kafka message and HTTP body, each
 * exported under the same name as its inferred type. Messages carry `v` (schema version).
 */
export * from './primitives';
export * from './seat-commands';
export * from './seat-events';
export * from './catalog-events';
export * from './http';
export * from './ticketing-http';
export { decodeMessage, encodeMessage, type Decoded } from './codec';
