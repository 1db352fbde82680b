import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { applyMigrations, ensureDatabase } from './migrate';

/**
 * True when Prisma's own schema engine is installed (a connected machine ran its postinstall),
 * in which case `prisma migrate deploy` is the tool; otherwise the SQL-file fallback applies.
 */
export function prismaSchemaEngineAvailable(): boolean {
  const configured = process.env['PRISMA_SCHEMA_ENGINE_BINARY'];
  if (configured) return existsSync(configured) && !configured.endsWith('no-schema-engine');
  try {
    const dir = dirname(require.resolve('@prisma/engines/package.json'));
    return readdirSync(dir).some((f) => f.startsWith('schema-engine'));
  } catch {
    return false;
  }
}

/** Creates the database when needed and applies migrations; returns how they were applied. */
export async function migrateDatabase(
  url: string,
  runPrismaDeploy: () => void,
): Promise<{ via: 'prisma' | 'sql-files'; applied: string[] }> {
  await ensureDatabase(url);
  if (prismaSchemaEngineAvailable() && process.env['PRISMA_MIGRATE_FALLBACK'] !== '1') {
    runPrismaDeploy();
    return { via: 'prisma', applied: [] };
  }
  return { via: 'sql-files', applied: await applyMigrations(url) };
}

export const PRISMA_CONFIG = join(__dirname, '..', '..', '..', '..', 'prisma.config.ts');
