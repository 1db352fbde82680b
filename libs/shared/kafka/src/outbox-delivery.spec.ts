import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import { refusalOf } from './outbox-delivery';

/** A broker's answer as KafkaJS raises it (protocol/error.js gives type, code and retriable). */
const broker = (type: string, code: number, retriable: boolean, message = `${type} message`) =>
  new KafkaJSProtocolError({ type, code, retriable, message } as unknown as Error);

/**
 * What the relay holds against a record, and what it waits out: a wrong call either way
 * dead-letters a good record while Kafka is merely down, or blocks every row behind a record
 * Kafka will never take.
 */
describe('refusalOf: Kafka refusing a record, told from Kafka failing', () => {
  it('names the refusal of a record too large, as the broker answers it', () => {
    expect(refusalOf(broker('MESSAGE_TOO_LARGE', 10, false, 'too large'))).toBe(
      'MESSAGE_TOO_LARGE: too large',
    );
  });

  it('finds the refusal under KafkaJS wrappers: a non-retriable error, retries spent', () => {
    // As the producer raises a topic name Kafka cannot have: the broker's answer is the cause.
    const invalid = Object.assign(new KafkaJSNonRetriableError('invalid topic'), {
      cause: broker('INVALID_TOPIC_EXCEPTION', 17, false),
    });
    expect(refusalOf(invalid)).toMatch(/^INVALID_TOPIC_EXCEPTION: /);
    const missing = new KafkaJSNumberOfRetriesExceeded(
      broker('UNKNOWN_TOPIC_OR_PARTITION', 3, true),
      { retryCount: 8, retryTime: 2000 },
    );
    expect(refusalOf(missing)).toMatch(/^UNKNOWN_TOPIC_OR_PARTITION: /);
  });

  it('waits out what concerns every record: connections, leaders, timeouts, fencing', () => {
    expect(refusalOf(new KafkaJSConnectionError('Connection error: ECONNREFUSED'))).toBe(undefined);
    expect(refusalOf(broker('LEADER_NOT_AVAILABLE', 5, true))).toBe(undefined);
    expect(refusalOf(broker('REQUEST_TIMED_OUT', 7, true))).toBe(undefined);
    expect(refusalOf(broker('OUT_OF_ORDER_SEQUENCE_NUMBER', 45, false))).toBe(undefined);
    expect(refusalOf(broker('INVALID_PRODUCER_EPOCH', 47, false))).toBe(undefined);
    expect(
      refusalOf(
        new KafkaJSNumberOfRetriesExceeded(broker('NOT_LEADER_FOR_PARTITION', 6, true), {
          retryCount: 8,
          retryTime: 2000,
        }),
      ),
    ).toBe(undefined);
    expect(refusalOf(new Error('pool ended'))).toBe(undefined);
    expect(refusalOf('not an error')).toBe(undefined);
  });
});
