import { join, resolve } from 'node:path';

/** Where infra keeps what it downloads and the data of the processes it starts (git-ignored). */
export const ROOT = resolve(__dirname, '..', '..');
export const CACHE = process.env['INFRA_HOME']
  ? resolve(process.env['INFRA_HOME'])
  : join(ROOT, '.cache');

export const KAFKA = {
  pom: join(ROOT, 'tools/infra/kafka/pom.xml'),
  serverTemplate: join(ROOT, 'tools/infra/kafka/server.properties'),
  log4j: join(ROOT, 'tools/infra/kafka/log4j2.properties'),
  lib: join(CACHE, 'kafka/lib'),
  libStamp: join(CACHE, 'kafka/lib/.complete'),
  data: join(CACHE, 'kafka/data'),
  config: join(CACHE, 'kafka/server.properties'),
  log: join(CACHE, 'kafka/logs/broker.log'),
  pid: join(CACHE, 'kafka/broker.pid'),
};

export const POSTGRES = {
  data: join(CACHE, 'postgres/data'),
  log: join(CACHE, 'postgres/postgres.log'),
  pid: join(CACHE, 'postgres/postgres.pid'),
};

export const REDIS = {
  data: join(CACHE, 'redis'),
  log: join(CACHE, 'redis/redis.log'),
  pid: join(CACHE, 'redis/redis.pid'),
};
