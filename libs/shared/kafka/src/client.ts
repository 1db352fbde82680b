import { Kafka, logLevel, type LogEntry, type RetryOptions } from 'kafkajs';
import type { Logger } from '@shared/util';
import { cacheCoordinatorLookups } from './coordinator-cache';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  logger?: Logger;
  /** ms to wait for a broker connection before failing a request. */
  connectionTimeoutMs?: number;
  /** KafkaJS retry schedule (default: 8 retries from 100 ms, doubling up to 2 s). */
  retry?: RetryOptions;
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * maxWaitTimeInMs for a consumer that should answer at once but poll rarely when idle: how long
 * the broker holds a fetch that finds nothing. Data that arrives ends the wait at once (minBytes
 * 1, KafkaJS's default), so only idle polling depends on it: booking's three consumers at
 * 50-100 ms kept an idle instance at 9.9% of a core, at this value 5.7% (BENCHMARKS.md).
 */
export const IDLE_FETCH_WAIT_MS = 250;

/** A KafkaJS client that logs through the component's pino logger (or stays quiet). */
export function createKafka(opts: KafkaClientOptions): Kafka {
  const log = opts.logger?.child({ component: 'kafkajs' });
  cacheCoordinatorLookups();
  return new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
    connectionTimeout: opts.connectionTimeoutMs ?? 3000,
    retry: opts.retry ?? { retries: 8, initialRetryTime: 100, maxRetryTime: 2000 },
    logLevel: log ? logLevel.WARN : logLevel.NOTHING,
    logCreator: () => (entry: LogEntry) => {
      if (!log) return;
      const { message, ...extra } = entry.log;
      log[LEVELS[entry.level] ?? 'info']({ ...extra, namespace: entry.namespace }, message);
    },
  });
}
