/**
 * @type {import('jest').Config} Browser tests: Debian's chromium driven by playwright-core
 * against the whole platform (gateway, booking, event-ticketing, two seat-reservation nodes)
 * on the real Kafka, PostgreSQL and Redis.
 */
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'web:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/e2e/**/*.spec.ts'],
  testTimeout: 180000,
};
