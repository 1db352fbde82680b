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
