/**
 * @packageDocumentation
 * Kafka adapters shared by the apps: the client factory, idempotent topic creation and dead letters.
 */
export { createKafka, type KafkaClientOptions } from './client';
export { ensureTopics, deleteTopics } from './topics';
export { deadLetterRecord, sendDeadLetter, decodeOrDeadLetter } from './dead-letter';
