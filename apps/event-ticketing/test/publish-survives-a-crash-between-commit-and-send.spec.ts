import { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { decodeMessage, EventPublished, InitSection } from '@shared/contracts';
import { applyMigrations, dropDatabase, ensureDatabase } from '@shared/db';
import type { TopicNames } from '@shared/streams';
import {
  collect,
  createTestTopics,
  spawnApp,
  testDatabaseUrl,
  testKafka,
  testNamespace,
  type AppProcess,
} from '@shared/testing';
import { waitFor } from '@shared/util';
import { loadConfig } from '../src/config';
import { startCommitTrap, type CommitTrap } from './commit-trap';
import { layout } from './harness';

/**
 * Publishing commits the event as PUBLISHED in PostgreSQL, and the seat nodes and booking learn
 * of it from Kafka (InitSection per section, EventPublished on the catalog). A process that dies
 * between the two must not leave an event on sale that no seat node knows: once it is started
 * again, the records go out without anyone publishing again.
 *
 * event-ticketing runs as it is deployed (server.ts in a child process). Its PostgreSQL
 * connections go through a trap that lets the publish transaction's COMMIT through and then
 * freezes every connection; the process is then killed with SIGKILL, so it dies at the instant
 * after the commit, before it could send anything.
 */
describe('publishing survives event-ticketing killed between the commit and the send', () => {
  const ns = testNamespace('tktcrash');
  const dbUrl = testDatabaseUrl();
  let kafka: Kafka;
  let names: TopicNames;
  let cleanupTopics: () => Promise<void>;
  let trap: CommitTrap;
  const apps: AppProcess[] = [];

  const env = (databaseUrl: string) => ({
    DATABASE_URL: databaseUrl,
    KAFKA_NAMESPACE: ns,
    REDIS_KEY_PREFIX: `${ns}:`,
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
  });

  beforeAll(async () => {
    await ensureDatabase(dbUrl);
    await applyMigrations(dbUrl);
    kafka = testKafka('publish-crash-spec');
    ({ names, cleanup: cleanupTopics } = await createTestTopics(kafka, ns));
    // The publish transaction is the one that writes the tickets.
    trap = await startCommitTrap(dbUrl, 'INSERT INTO ticketing.tickets');
  });

  afterAll(async () => {
    for (const app of apps) await app.stop(5_000);
    await trap?.close();
    const redis = new Redis(loadConfig(process.env).REDIS_URL);
    const keys = await redis.keys(`${ns}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await cleanupTopics?.();
    await dropDatabase(dbUrl);
  });

  async function call(base: string, method: string, path: string, body?: unknown, token?: string) {
    return fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  it("sends the event's InitSection commands and catalog record once the process is back", async () => {
    const seen = await collect(kafka, [names.seatCommands, names.eventCatalog], {
      groupId: `${ns}_check`,
    });
    try {
      const first = await spawnApp({
        script: 'apps/event-ticketing/src/server.ts',
        env: env(trap.url),
      });
      apps.push(first);
      const password = 'a long enough password';
      const email = `seller-${ns}@example.com`;
      const reg = await call(first.base, 'POST', '/api/auth/register', {
        email,
        password,
        role: 'seller',
        name: 'A seller',
      });
      expect(reg.status).toBe(201);
      const login = await call(first.base, 'POST', '/api/auth/login', { email, password });
      const { token } = (await login.json()) as { token: string };
      const draft = await call(first.base, 'POST', '/api/events', layout(3, 2, 5), token);
      expect(draft.status).toBe(201);
      const { id } = (await draft.json()) as { id: string };

      // The publish request never gets its answer: its process is frozen after the commit.
      const publishing = call(first.base, 'POST', `/api/events/${id}/publish`, undefined, token);
      publishing.catch(() => undefined);
      await trap.sprung;
      const db = new Client({ connectionString: dbUrl });
      await db.connect();
      try {
        await waitFor('the publish to be committed', async () => {
          const row = await db.query<{ status: string }>(
            'SELECT status::text AS status FROM ticketing.events WHERE id = $1',
            [id],
          );
          return row.rows[0]?.status === 'PUBLISHED';
        });
      } finally {
        await db.end();
      }
      const exited = new Promise((resolve) => first.child.once('exit', resolve));
      first.child.kill('SIGKILL');
      await exited;
      // Killed between the two steps: the event is PUBLISHED and Kafka has heard nothing.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(seen.messages.filter((m) => m.key?.startsWith(id))).toEqual([]);

      // Started again (straight to PostgreSQL), with nobody publishing anything.
      apps.push(await spawnApp({ script: 'apps/event-ticketing/src/server.ts', env: env(dbUrl) }));
      const mine = await waitFor(
        '3 InitSection and the catalog record of the event',
        () => {
          const list = seen.messages.filter((m) => m.key?.startsWith(id));
          return list.length >= 4 ? list : undefined;
        },
        { timeoutMs: 30_000 },
      );
      const inits = mine.filter((m) => m.topic === names.seatCommands);
      expect(inits.map((m) => m.key).sort()).toEqual([`${id}:S1`, `${id}:S2`, `${id}:S3`]);
      for (const m of inits) expect(decodeMessage(InitSection, m.value).ok).toBe(true);
      const catalog = mine.filter((m) => m.topic === names.eventCatalog);
      expect(catalog).toHaveLength(1);
      expect(decodeMessage(EventPublished, catalog[0]!.value)).toMatchObject({
        ok: true,
        value: { eventId: id, sections: expect.any(Array) },
      });
    } finally {
      await seen.stop();
    }
  });
});
