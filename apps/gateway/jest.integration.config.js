/** @type {import('jest').Config} Integration specs: real HTTP servers behind the gateway. */
module.exports = {
  ...require('./jest.esm.js'),
  displayName: 'gateway:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  testTimeout: 30000,
};
