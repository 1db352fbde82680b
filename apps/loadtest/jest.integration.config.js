/** @type {import('jest').Config} Integration specs: real Kafka, PostgreSQL and Redis. */
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'loadtest:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  testTimeout: 120000,
};
