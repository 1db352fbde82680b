/** @type {import('jest').Config} Unit specs, next to the code. */
module.exports = {
  ...require('./jest.esm.js'),
  displayName: 'gateway',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
