// Packages behind @fastify/static that ship only ES modules; jest's CommonJS runtime needs them
// compiled, on top of those the shared preset already lists.
const preset = require('../../jest.preset.js');

const ESM_ONLY = ['cookie', 'content-disposition'];
const swc = [
  '@swc/jest',
  { jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } }, module: { type: 'commonjs' } },
];

module.exports = {
  ...preset,
  transform: {
    '^.+\\.ts$': preset.transform['^.+\\.ts$'],
    [`node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: swc,
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
};
