/** @type {import('jest').Config} Integration specs: real PostgreSQL. */
module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'shared-db:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  testTimeout: 60000,
};
