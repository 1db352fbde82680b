/**
 * @packageDocumentation
 * Kafka adapters shared by the apps: the client factory, idempotent topic creation, dead letters
 * and consumer positions that survive KafkaJS restarting a consumer.
 */
export { IDLE_FETCH_WAIT_MS, createKafka, type KafkaClientOptions } from './client';
export { ensureTopics, deleteTopics } from './topics';
export { deadLetterRecord, sendDeadLetter, decodeOrDeadLetter } from './dead-letter';
export { positionOnEveryJoin } from './join-positions';
export {
  groupGeneration,
  forgetGroupMember,
  type GroupGeneration,
  type GenerationCommitTopic,
} from './group-generation';
