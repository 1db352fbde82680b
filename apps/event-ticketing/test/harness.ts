import type { Kafka } from 'kafkajs';
import type { CreateEventBody } from '@shared/contracts';
import { applyMigrations, dropDatabase, ensureDatabase } from '@shared/db';
import type { HttpServer } from '@shared/http';
import type { TopicNames } from '@shared/streams';
import { createTestTopics, testDatabaseUrl, testKafka, testNamespace } from '@shared/testing';
import { createLogger } from '@shared/util';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createRuntime, type TicketingRuntime } from '../src/runtime';

export interface Harness {
  app: HttpServer;
  runtime: TicketingRuntime;
  kafka: Kafka;
  names: TopicNames;
  ns: string;
  close(): Promise<void>;
}

/**
 * The real app on the real PostgreSQL, Redis and Kafka, isolated: its own database, topic
 * namespace (and so consumer group) and Redis key prefix, all removed by close().
 */
export async function startTicketing(env: Record<string, string> = {}): Promise<Harness> {
  const ns = testNamespace('tkt');
  const dbUrl = testDatabaseUrl();
  await ensureDatabase(dbUrl);
  await applyMigrations(dbUrl);
  const kafka = testKafka('event-ticketing-test');
  const { names, cleanup } = await createTestTopics(kafka, ns);
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: dbUrl,
    KAFKA_NAMESPACE: ns,
    REDIS_KEY_PREFIX: `${ns}:`,
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    // Every request of a spec comes from one address: its per-address limits are the specs'
    // that test them (sign-up and login limits), not every spec's.
    SIGNUPS_PER_ADDRESS: '1000',
    LOGIN_ATTEMPTS_PER_ADDRESS: '1000',
    ...env,
  });
  const logger = createLogger('event-ticketing-test', config.LOG_LEVEL);
  const runtime = await createRuntime(config, logger);
  const app = buildApp({ logger, services: runtime.services });
  await app.ready();
  return {
    app,
    runtime,
    kafka,
    names,
    ns,
    async close() {
      await app.close();
      const keys = await runtime.services.redis.keys(`${ns}:*`);
      if (keys.length) await runtime.services.redis.del(...keys);
      await runtime.close();
      await cleanup();
      await dropDatabase(dbUrl);
    },
  };
}

/** Registers an account and logs in; answers the bearer header to use. */
export async function signUp(
  app: HttpServer,
  role: 'buyer' | 'seller',
  email = `${role}-${Math.random().toString(36).slice(2)}@example.com`,
): Promise<{ authorization: string; id: string; email: string }> {
  const password = 'a long enough password';
  const reg = await app.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: { email, password, role, name: `A ${role}` },
  });
  if (reg.statusCode !== 201) throw new Error(`register: ${reg.statusCode} ${reg.body}`);
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
  });
  if (login.statusCode !== 200) throw new Error(`login: ${login.statusCode} ${login.body}`);
  return { authorization: `Bearer ${login.json().token}`, id: reg.json().id, email };
}

/** A layout of `sections` sections, each `rows` rows of `seats` seats, prices 1000, 2000, ... */
export function layout(sections: number, rows: number, seats: number): CreateEventBody {
  return {
    name: 'Gala night',
    venue: 'Royal Hall',
    startsAt: '2027-06-01T19:30:00Z',
    sections: Array.from({ length: sections }, (_, i) => ({
      name: `S${i + 1}`,
      price: 1000 * (i + 1),
      rows: Array.from({ length: rows }, (_, r) => ({ label: `R${r + 1}`, seats })),
    })),
  };
}
