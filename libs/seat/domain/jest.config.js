/** @type {import('jest').Config} */
module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'seat-domain',
  rootDir: __dirname,
};
