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
  app: 'booking',
  script: 'apps/booking/src/server.ts',
  refused: [
    'JWT_SECRET',
    'PAYMENT_WEBHOOK_SECRET',
    'PAYMENT_PROVIDER',
    'DEMO_SEED',
    'DEMO_PASSWORD',
  ],
  realEnv: async () => {
    const ns = testNamespace('bprod');
    const dbUrl = testDatabaseUrl(ns);
    await ensureDatabase(dbUrl);
    await applyMigrations(dbUrl);
    const topics = await createTestTopics(testKafka('booking-production'), ns);
    return {
      env: {
        KAFKA_BROKERS: testBrokers().join(','),
        KAFKA_NAMESPACE: ns,
        DATABASE_URL: dbUrl,
        REDIS_KEY_PREFIX: `${ns}:`,
        BOOKING_INSTANCE_ID: ns,
        JWT_SECRET: 'a production secret of at least 32 characters',
        PAYMENT_WEBHOOK_SECRET: 'a production webhook secret',
        PAYMENT_PROVIDER: 'simulated',
      },
      async cleanup() {
        await topics.cleanup();
        await dropDatabase(dbUrl);
      },
    };
  },
});
