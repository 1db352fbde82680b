/** @type {import('jest').Config} Integration specs: real Kafka. */
module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'seat-adapters:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  testTimeout: 120000,
};
