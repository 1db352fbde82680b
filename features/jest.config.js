/** @type {import('jest').Config} The user stories of features/*.feature, run against the real stack. */
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'features',
  rootDir: __dirname,
  testMatch: ['<rootDir>/steps/**/*.steps.ts'],
  testTimeout: 120000,
};
