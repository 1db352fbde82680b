/**
 * infra up | down [--wipe] | status
 *
 * For each of PostgreSQL, Redis and Kafka: reuse one reachable at the configured address;
 * else start it with docker compose where a Docker engine answers; else start a local process
 * (Kafka from Maven Central artifacts on the local JDK). Then create the topics of streams/.
 * Idempotent: a second `up` finds everything running.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { topicCreations } from '@shared/streams';
import { createKafka, ensureTopics } from '@shared/kafka';
import { InfraEnv, brokerList, parseEnv, waitFor } from '@shared/util';
import { composeDown, composeUp, dockerEngineRunning } from './docker';
import { startKafka, waitForKafka } from './kafka';
import { hostPort, tcpReachable } from './net';
import { CACHE, KAFKA, POSTGRES, REDIS } from './paths';
import { readPid, stopPid } from './process';
import { startPostgres, startRedis } from './services';

type Component = 'postgres' | 'redis' | 'kafka';
type Manager = 'reused' | 'docker' | 'local';
const STATE_FILE = join(CACHE, 'infra-state.json');
mkdirSync(CACHE, { recursive: true });

const env = parseEnv(InfraEnv, process.env);
const log = (line: string) => process.stdout.write(`${line}\n`);

const addresses: Record<
  Component,
  { host: string; port: number; logFile: string; pidFile: string }
> = {
  postgres: { ...hostPort(env.DATABASE_URL, 5432), logFile: POSTGRES.log, pidFile: POSTGRES.pid },
  redis: { ...hostPort(env.REDIS_URL, 6379), logFile: REDIS.log, pidFile: REDIS.pid },
  kafka: {
    ...hostPort(brokerList(env.KAFKA_BROKERS)[0] ?? '127.0.0.1:9092', 9092),
    logFile: KAFKA.log,
    pidFile: KAFKA.pid,
  },
};
const READY_TIMEOUT_MS: Record<Component, number> = {
  postgres: 30_000,
  redis: 15_000,
  kafka: 120_000,
};

function readState(): Partial<Record<Component, Manager>> {
  return existsSync(STATE_FILE)
    ? (JSON.parse(readFileSync(STATE_FILE, 'utf8')) as Partial<Record<Component, Manager>>)
    : {};
}

async function bringUp(
  component: Component,
  state: Partial<Record<Component, Manager>>,
): Promise<Manager> {
  const { host, port, logFile } = addresses[component];
  if (await tcpReachable(host, port)) {
    // Keep the manager recorded by an earlier `up`, so `down` still stops what we started.
    return state[component] === 'local' && readPid(addresses[component].pidFile)
      ? 'local'
      : state[component] === 'docker'
        ? 'docker'
        : 'reused';
  }
  let manager: Manager;
  if (dockerEngineRunning()) {
    log(`${component}: starting with docker compose`);
    composeUp(component);
    manager = 'docker';
  } else {
    if (component === 'kafka') await startKafka(host, port, log);
    else if (component === 'postgres') startPostgres(port, log);
    else startRedis(port, log);
    manager = 'local';
  }
  try {
    await waitFor(`${component} on ${host}:${port}`, () => tcpReachable(host, port), {
      timeoutMs: READY_TIMEOUT_MS[component],
      intervalMs: 250,
    });
  } catch (err) {
    throw new Error(
      `${component} did not become ready on ${host}:${port} within ${READY_TIMEOUT_MS[component] / 1000} s; see ${manager === 'local' ? logFile : 'docker compose logs ' + component}. ${(err as Error).message}`,
    );
  }
  return manager;
}

async function up(): Promise<void> {
  const state = readState();
  const started = Date.now();
  for (const component of ['postgres', 'redis', 'kafka'] as Component[]) {
    state[component] = await bringUp(component, state);
    writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
  }
  const brokers = brokerList(env.KAFKA_BROKERS);
  await waitForKafka(brokers, READY_TIMEOUT_MS.kafka).catch((err: Error) => {
    throw new Error(
      `kafka at ${brokers.join(',')} accepts connections but does not answer metadata requests; see ${KAFKA.log}. ${err.message}`,
    );
  });
  const kafka = createKafka({ brokers, clientId: 'infra' });
  const { created } = await ensureTopics(
    kafka,
    topicCreations({
      namespace: env.KAFKA_NAMESPACE,
      partitions: env.KAFKA_PARTITIONS,
      replicationFactor: env.KAFKA_REPLICATION_FACTOR,
    }),
  );
  printStatus(state);
  log(
    `topics: ${created.length ? `created ${created.join(', ')}` : 'all present'}; infra up in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

async function down(wipe: boolean): Promise<void> {
  const state = readState();
  for (const component of ['kafka', 'redis', 'postgres'] as Component[]) {
    if (await stopPid(addresses[component].pidFile)) log(`${component}: stopped`);
  }
  if (Object.values(state).includes('docker')) composeDown(wipe);
  rmSync(STATE_FILE, { force: true });
  if (wipe) {
    for (const dir of [KAFKA.data, POSTGRES.data, REDIS.data])
      rmSync(dir, { recursive: true, force: true });
    log(
      'wiped local data (Kafka log dirs, PostgreSQL cluster, Redis dir); downloaded artifacts kept',
    );
  }
}

function printStatus(state: Partial<Record<Component, Manager>>): void {
  const rows = (Object.keys(addresses) as Component[]).map((c) => ({
    component: c,
    address: `${addresses[c].host}:${addresses[c].port}`,
    managedBy: state[c] ?? '-',
    pid: readPid(addresses[c].pidFile) ?? '-',
  }));
  console.table(rows);
}

async function status(): Promise<void> {
  const state = readState();
  const rows = [];
  for (const c of Object.keys(addresses) as Component[]) {
    const a = addresses[c];
    rows.push({
      component: c,
      address: `${a.host}:${a.port}`,
      reachable: await tcpReachable(a.host, a.port),
      managedBy: state[c] ?? '-',
      pid: readPid(a.pidFile) ?? '-',
      log: state[c] === 'local' ? a.logFile : '-',
    });
  }
  console.table(rows);
}

async function main(): Promise<void> {
  const [command, ...flags] = process.argv.slice(2);
  if (command === 'up') await up();
  else if (command === 'down') await down(flags.includes('--wipe'));
  else if (command === 'status') await status();
  else {
    log('usage: infra up | down [--wipe] | status');
    process.exitCode = 2;
  }
}

main().catch((err: Error) => {
  process.stderr.write(`infra: ${err.message}\n`);
  process.exit(1);
});
