/** @type {import('jest').Config} Unit specs, next to the code. */
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'seat-reservation',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
