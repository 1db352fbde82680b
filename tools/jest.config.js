/** @type {import('jest').Config} Checks of the workspace itself (lint rules, infra helpers). */
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'tools',
  rootDir: __dirname,
  testTimeout: 60000,
};
