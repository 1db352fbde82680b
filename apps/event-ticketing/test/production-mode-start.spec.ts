import { applyMigrations, dropDatabase, ensureDatabase } from '@shared/db';
import {
  createTestTopics,
  describeProductionStart,
  testBrokers,
  testDatabaseUrl,
  testKafka,
  testNamespace,
} from '@shared/testing';

describeProductionStart({
  app: 'event-ticketing',
  script: 'apps/event-ticketing/src/server.ts',
  refused: ['JWT_SECRET', 'COOKIE_SECURE', 'DEMO_SEED', 'DEMO_PASSWORD'],
  realEnv: async () => {
    const ns = testNamespace('tktprod');
    const dbUrl = testDatabaseUrl(ns);
    await ensureDatabase(dbUrl);
    await applyMigrations(dbUrl);
    const topics = await createTestTopics(testKafka('ticketing-production'), ns);
    return {
      env: {
        KAFKA_BROKERS: testBrokers().join(','),
        KAFKA_NAMESPACE: ns,
        DATABASE_URL: dbUrl,
        REDIS_KEY_PREFIX: `${ns}:`,
        JWT_SECRET: 'a production secret of at least 32 characters',
        COOKIE_SECURE: 'true',
      },
      async cleanup() {
        await topics.cleanup();
        await dropDatabase(dbUrl);
      },
    };
  },
});
