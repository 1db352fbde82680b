#!/usr/bin/env bash
# Scaffolds the boilerplate of one Nx project (package.json, project.json, tsconfig, jest config)
# so every project is wired the same way. Usage:
#   tools/new-project.sh <dir> <npm-name> <nx-name> <scope> <type> [library|application]
set -euo pipefail
dir=$1 name=$2 nxname=$3 scope=$4 type=$5 kind=${6:-library}
up=$(python3 -c "import os,sys;print(os.path.relpath('.', sys.argv[1]))" "$dir")
mkdir -p "$dir/src"
[ -f "$dir/package.json" ] || cat > "$dir/package.json" <<JSON
{
  "name": "$name",
  "version": "0.0.0",
  "private": true,
  "main": "src/index.ts",
  "types": "src/index.ts"
}
JSON
integration=""
if [ "$kind" = application ]; then
  integration=",
    \"integration\": { \"executor\": \"nx:run-commands\", \"options\": { \"command\": \"jest -c $dir/jest.integration.config.js --runInBand --passWithNoTests\" } }"
  cat > "$dir/jest.integration.config.js" <<JS
/** @type {import('jest').Config} Integration specs: real Kafka, PostgreSQL and Redis. */
module.exports = {
  ...require('$up/jest.preset.js'),
  displayName: '$nxname:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  testTimeout: 120000,
};
JS
fi
cat > "$dir/project.json" <<JSON
{
  "name": "$nxname",
  "\$schema": "$up/node_modules/nx/schemas/project-schema.json",
  "projectType": "$kind",
  "sourceRoot": "$dir/src",
  "tags": ["scope:$scope", "type:$type"],
  "targets": {
    "lint": { "executor": "nx:run-commands", "options": { "command": "eslint $dir" } },
    "typecheck": { "executor": "nx:run-commands", "options": { "command": "tsc -p $dir/tsconfig.json" } },
    "test": { "executor": "nx:run-commands", "options": { "command": "jest -c $dir/jest.config.js --passWithNoTests" } }$integration
  }
}
JSON
cat > "$dir/tsconfig.json" <<JSON
{
  "extends": "$up/tsconfig.base.json",
  "include": ["src/**/*.ts", "test/**/*.ts", "bench/**/*.ts"]
}
JSON
cat > "$dir/jest.config.js" <<JS
/** @type {import('jest').Config} Unit specs, next to the code. */
module.exports = {
  ...require('$up/jest.preset.js'),
  displayName: '$nxname',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
JS
