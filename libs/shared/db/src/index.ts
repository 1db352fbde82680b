/**
 * @packageDocumentation
 * PostgreSQL access for the apps: the Prisma client (driver adapter over pg), migrations with an
 * offline fallback, and the schema-drift check.
 */
export { createPgPool, createPrisma, isUniqueViolation, PrismaClient, type Prisma } from './prisma';
export {
  applyMigrations,
  ensureDatabase,
  dropDatabase,
  migrationFiles,
  MIGRATIONS_DIR,
} from './migrate';
export { migrateDatabase, prismaSchemaEngineAvailable } from './migrate-cli';
export { schemaDrift, expectedSchema } from './drift';
