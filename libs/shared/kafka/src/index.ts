/**
 * @packageDocumentation
 * Kafka adapters shared by the apps: the client factory, idempotent topic creation, dead letters,
 * the transactional outbox relay and consumer positions that survive KafkaJS restarting a
 * consumer.
 */
export { IDLE_FETCH_WAIT_MS, createKafka, type KafkaClientOptions } from './client';
export { ensureTopics, deleteTopics } from './topics';
export {
  deadLetterRecord,
  outboxDeadLetterRecord,
  sendDeadLetter,
  decodeOrDeadLetter,
} from './dead-letter';
export { positionOnEveryJoin } from './join-positions';
export {
  groupGeneration,
  forgetGroupMember,
  type GroupGeneration,
  type GenerationCommitTopic,
} from './group-generation';
/** A transactional outbox table relayed to Kafka in id order; refused records dead-lettered. */
export { createOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './outbox-relay';
