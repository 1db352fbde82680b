import { existsSync, mkdirSync } from 'node:fs';
import { POSTGRES, REDIS } from './paths';
import { onPath, run, startDetached } from './process';

/**
 * PostgreSQL and Redis from locally installed binaries, for machines where neither a server
 * is reachable nor Docker runs. On this project's own machines both already run.
 */

export function startRedis(port: number, log: (line: string) => void): number {
  if (!onPath('redis-server')) {
    throw new Error(
      `Redis: nothing answers on port ${port} and 'redis-server' is not installed. Install it (Debian: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL.`,
    );
  }
  mkdirSync(REDIS.data, { recursive: true });
  const pid = startDetached(
    'redis-server',
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      REDIS.data,
    ],
    {
      logFile: REDIS.log,
      pidFile: REDIS.pid,
    },
  );
  log(`redis: started pid ${pid}, log ${REDIS.log}`);
  return pid;
}

function pgBinary(name: string): string | undefined {
  if (onPath(name)) return name;
  for (const v of ['17', '16', '15', '14']) {
    const p = `/usr/lib/postgresql/${v}/bin/${name}`;
    if (existsSync(p)) return p;
  }
  return undefined;
}

export function startPostgres(port: number, log: (line: string) => void): number {
  const initdb = pgBinary('initdb');
  const postgres = pgBinary('postgres');
  if (!initdb || !postgres) {
    throw new Error(
      `PostgreSQL: nothing answers on port ${port} and its server binaries are not installed. Install PostgreSQL 15+ (Debian: apt-get install postgresql; macOS: brew install postgresql) or set DATABASE_URL.`,
    );
  }
  if (!existsSync(`${POSTGRES.data}/PG_VERSION`)) {
    mkdirSync(POSTGRES.data, { recursive: true });
    log('postgres: initialising a development cluster (user postgres, trust auth on 127.0.0.1)');
    run(initdb, ['-D', POSTGRES.data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8']);
  }
  const pid = startDetached(
    postgres,
    ['-D', POSTGRES.data, '-p', String(port), '-h', '127.0.0.1', '-k', POSTGRES.data],
    {
      logFile: POSTGRES.log,
      pidFile: POSTGRES.pid,
    },
  );
  log(`postgres: started pid ${pid}, log ${POSTGRES.log}`);
  return pid;
}
