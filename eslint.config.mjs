// One linter for the whole workspace. The module-boundary rule is the architecture made
// executable: domain cores import no IO library, apps never import apps, and every project
// is tagged by scope and type (see project.json "tags").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const IO_LIBRARIES = [
  'kafkajs',
  'rocksdb',
  'level-rocksdb',
  'pg',
  '@prisma/client',
  '@prisma/adapter-pg',
  'ioredis',
  'fastify',
  '@fastify/*',
  'node:fs',
  'fs',
  'node:net',
  'net',
  'node:http',
  'http',
];

// Every kind of lib (never an app): what adapters, tooling and test helpers may build on.
const ANY_LIB = [
  'type:domain',
  'type:contracts',
  'type:adapters',
  'type:util',
  'type:streams',
  'type:testing',
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.cache/**',
      '**/.nx/**',
      '**/generated/**',
      'apps/web/**',
      'coverage/**',
      'artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Config files and small scripts run by Node.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          banTransitiveDependencies: false,
          checkDynamicDependenciesExceptions: [],
          depConstraints: [
            // Apps wire libs together and never import each other (type:app may not depend on type:app).
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ANY_LIB,
            },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:contracts'],
              bannedExternalImports: IO_LIBRARIES,
            },
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:util'],
              bannedExternalImports: IO_LIBRARIES,
            },
            {
              sourceTag: 'type:util',
              onlyDependOnLibsWithTags: ['type:util'],
            },
            {
              sourceTag: 'type:streams',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:util'],
              bannedExternalImports: IO_LIBRARIES,
            },
            {
              // type:testing is here for the adapters' own integration specs.
              sourceTag: 'type:adapters',
              onlyDependOnLibsWithTags: ANY_LIB,
            },
            {
              // Workspace scripts (infra, migrations, lint checks) may use any lib, never an app.
              sourceTag: 'type:tooling',
              onlyDependOnLibsWithTags: ANY_LIB,
            },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ANY_LIB,
            },
            // A lib of one scope reaches another scope only through shared.
            { sourceTag: 'scope:seat', onlyDependOnLibsWithTags: ['scope:seat', 'scope:shared'] },
            {
              sourceTag: 'scope:booking',
              onlyDependOnLibsWithTags: ['scope:booking', 'scope:shared'],
            },
            {
              sourceTag: 'scope:ticketing',
              onlyDependOnLibsWithTags: ['scope:ticketing', 'scope:shared'],
            },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
    },
  },
  {
    // The web UI: the rules of hooks, and the React Compiler's checks of what a component may
    // do while rendering (no state set in effects or render, no refs read in render, pure renders).
    files: ['apps/web/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      // A missing dependency is a stale-closure bug waiting to happen: an error, not a warning.
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
