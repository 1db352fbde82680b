/** @type {import('jest').Config} Integration specs: real Redis. */
module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'shared-auth:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  testTimeout: 60000,
};
