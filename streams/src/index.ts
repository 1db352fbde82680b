/**
 * @packageDocumentation
 * The streams of the system: every topic (name, partitions, cleanup policy, key and value),
 * consumer group ids, and the section-to-partition assignment. No business rules.
 */
export {
  TOPICS,
  topicNames,
  topicCreations,
  sectionKey,
  endedBlockKey,
  parseEndedBlockKey,
  CONTROL_KEY_PREFIX,
  type TopicId,
  type TopicNames,
  type TopicSpec,
  type TopicCreation,
  type CleanupPolicy,
} from './topics';
export { GROUPS, groupId, instanceGroupId, transactionalId, type GroupId } from './groups';
export { assignSections, partitionLoads, type SectionSize } from './partitioner';
