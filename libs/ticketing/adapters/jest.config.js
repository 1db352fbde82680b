/** @type {import('jest').Config} Unit specs, next to the code. */
module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'ticketing-adapters',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
