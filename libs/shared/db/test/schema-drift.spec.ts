import { Client } from 'pg';
import { applyMigrations, createPrisma, dropDatabase, ensureDatabase, schemaDrift } from '../src';
import { testDatabaseUrl } from '@shared/testing';

/**
 * schema.prisma is the one source of the schema, and migrations are hand-written SQL where
 * Prisma's schema engine cannot be downloaded: this is the guard that they agree.
 */
describe('schema.prisma and the migrated database', () => {
  const url = testDatabaseUrl();

  beforeAll(async () => {
    await ensureDatabase(url);
    await applyMigrations(url);
  });
  afterAll(() => dropDatabase(url));

  it('agree on tables, columns, types, nullability, keys and enums', async () => {
    expect(await schemaDrift(url)).toEqual([]);
  });

  it('notices drift: a column made nullable, a unique constraint dropped, a stray column', async () => {
    const drifted = testDatabaseUrl();
    await ensureDatabase(drifted);
    await applyMigrations(drifted);
    const client = new Client({ connectionString: drifted });
    await client.connect();
    try {
      await client.query('ALTER TABLE ticketing.users ALTER COLUMN name DROP NOT NULL');
      await client.query('DROP INDEX ticketing.users_email_key');
      await client.query('ALTER TABLE booking.bookings ADD COLUMN note TEXT');
      const drift = await schemaDrift(drifted);
      expect(drift).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/users\.name.*nullable/),
          expect.stringMatching(/unique \(email\) on ticketing\.users is missing/),
          expect.stringMatching(/bookings\.note is in the database but not in schema\.prisma/),
        ]),
      );
    } finally {
      await client.end();
      await dropDatabase(drifted);
    }
  });

  it('records migrations the way prisma migrate deploy expects, and re-applying is a no-op', async () => {
    expect(await applyMigrations(url)).toEqual([]);
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const rows = await client.query(
        'SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations',
      );
      expect(rows.rows[0]).toMatchObject({
        migration_name: '20261121000000_init',
        applied_steps_count: 1,
      });
      expect(rows.rows[0].checksum).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await client.end();
    }
  });

  it('serves the generated Prisma client through the pg driver adapter', async () => {
    const prisma = createPrisma(url, { max: 2 });
    try {
      await prisma.user.create({
        data: { id: 'u1', email: 'a@example.test', name: 'A', role: 'seller', passwordHash: 'x' },
      });
      expect(await prisma.user.count()).toBe(1);
    } finally {
      await prisma.$disconnect();
    }
  });
});
