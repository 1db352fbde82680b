import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestTopics,
  describeProductionStart,
  testBrokers,
  testKafka,
  testNamespace,
} from '@shared/testing';

// A seat node has no secret of its own: production refuses the platform's demo only.
describeProductionStart({
  app: 'seat-reservation',
  script: 'apps/seat-reservation/src/server.ts',
  refused: ['DEMO_SEED', 'DEMO_PASSWORD'],
  realEnv: async () => {
    const ns = testNamespace('seatprod');
    const dataDir = mkdtempSync(join(tmpdir(), 'seat-production-'));
    const topics = await createTestTopics(testKafka('seat-production'), ns);
    return {
      env: {
        KAFKA_BROKERS: testBrokers().join(','),
        KAFKA_NAMESPACE: ns,
        NODE_ID: 'node-1',
        DATA_DIR: dataDir,
      },
      async cleanup() {
        await topics.cleanup();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
});
