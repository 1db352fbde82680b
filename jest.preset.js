// Shared jest settings: every project compiles TypeScript with @swc/jest (type-checking is
// the separate `typecheck` target, so tests stay fast).
const swc = (syntax) => [
  '@swc/jest',
  { jsc: { target: 'es2022', parser: { syntax } }, module: { type: 'commonjs' } },
];

// Packages that ship only ES modules; jest's CommonJS runtime needs them compiled
// (light-my-request, behind fastify.inject, requires the ESM-only `cookie`).
const ESM_ONLY = ['cookie'];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': swc('typescript'),
    [`node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: swc('ecmascript'),
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
