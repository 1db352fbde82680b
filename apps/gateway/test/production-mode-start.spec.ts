import { describeProductionStart } from '@shared/testing';

// The gateway has no secret of its own: production refuses the platform's demo only.
describeProductionStart({
  app: 'gateway',
  script: 'apps/gateway/src/server.ts',
  refused: ['DEMO_SEED', 'DEMO_PASSWORD'],
  realEnv: async () => ({
    env: { WEB_DIST: '/nonexistent', GATEWAY_ENGINE: 'node' },
    cleanup: async () => undefined,
  }),
});
