/**
 * npm run db:migrate: creates the database in DATABASE_URL when missing and applies
 * prisma/migrations, with `prisma migrate deploy` where Prisma's schema engine is installed and
 * the committed SQL files otherwise (see libs/shared/db/src/migrate.ts).
 */
import { execFileSync } from 'node:child_process';
import { migrateDatabase } from '@shared/db';
import { InfraEnv, parseEnv } from '@shared/util';

const env = parseEnv(InfraEnv, process.env);
migrateDatabase(env.DATABASE_URL, () =>
  execFileSync('npx', ['prisma', 'migrate', 'deploy'], { stdio: 'inherit' }),
)
  .then(({ via, applied }) => {
    process.stdout.write(
      `db: migrations applied via ${via}${applied.length ? `: ${applied.join(', ')}` : ' (none pending)'}\n`,
    );
  })
  .catch((err: Error) => {
    process.stderr.write(`db: ${err.message}\n`);
    process.exit(1);
  });
