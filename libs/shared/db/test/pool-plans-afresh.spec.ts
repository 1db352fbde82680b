import { createPgPool, dropDatabase, ensureDatabase } from '../src';
import { testDatabaseUrl } from '@shared/testing';

/**
 * Every pooled connection plans each execution of a prepared statement afresh (see
 * createPgPool): the setting travels in the connection's startup options, next to any options
 * the URL already carries, never instead of them.
 */
describe('createPgPool: connections that never keep a generic plan', () => {
  const base = testDatabaseUrl();
  beforeAll(() => ensureDatabase(base));
  afterAll(() => dropDatabase(base));

  const settings = async (url: string) => {
    const pool = createPgPool(url, { max: 1 });
    try {
      const { rows } = await pool.query<{ plans: string; timeout: string }>(
        `SELECT current_setting('plan_cache_mode') AS plans,
                current_setting('statement_timeout') AS timeout`,
      );
      return rows[0];
    } finally {
      await pool.end();
    }
  };

  it('sets plan_cache_mode on a plain URL', async () => {
    expect((await settings(base))?.plans).toBe('force_custom_plan');
  });

  it('keeps the options the URL already has', async () => {
    const url = new URL(base);
    url.searchParams.set('options', '-c statement_timeout=4321');
    expect(await settings(url.toString())).toEqual({
      plans: 'force_custom_plan',
      timeout: '4321ms',
    });
  });
});
