/**
 * The supervisor behind `npm start`: infra up, migrate, start every app as a child process with
 * its output prefixed, seed the demo once the apps answer (DEMO_SEED=0 skips it), print the URLs
 * and the demo logins, and say it is the development mode (dev-mode.ts); on Ctrl-C (or SIGTERM)
 * stop the apps gracefully (SIGTERM, then SIGKILL after a grace period) and stop the
 * infrastructure this run started.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { z } from 'zod';
import { InfraEnv, brokerList, parseEnv, sleep } from '@shared/util';
import { developmentBanner, developmentEnv } from './dev-mode';
import { hostPort, tcpReachable } from './infra/net';

const ROOT = join(__dirname, '..');
const env = parseEnv(
  InfraEnv.extend({
    /** 0: start with an empty platform (no demo accounts, no demo event). */
    DEMO_SEED: z.enum(['0', '1']).default('1'),
  }),
  process.env,
);

interface AppSpec {
  name: string;
  entry: string;
  env: Record<string, string>;
  url: string;
}

/** Every app that exists so far; seat-reservation runs as two nodes sharing the partitions. */
const APPS: AppSpec[] = [
  {
    name: 'event-ticketing',
    entry: 'apps/event-ticketing/src/server.ts',
    env: { PORT: '3002' },
    url: 'http://127.0.0.1:3002',
  },
  {
    name: 'booking',
    entry: 'apps/booking/src/server.ts',
    env: { PORT: '3001' },
    url: 'http://127.0.0.1:3001',
  },
  {
    name: 'seat-1',
    entry: 'apps/seat-reservation/src/server.ts',
    env: { PORT: '3010', NODE_ID: 'node-1' },
    url: 'http://127.0.0.1:3010',
  },
  {
    name: 'seat-2',
    entry: 'apps/seat-reservation/src/server.ts',
    env: { PORT: '3011', NODE_ID: 'node-2' },
    url: 'http://127.0.0.1:3011',
  },
  {
    // The one public origin: the web UI (built below) and /api/* routed to the apps above.
    name: 'gateway',
    entry: 'apps/gateway/src/server.ts',
    env: { PORT: '3000' },
    url: 'http://127.0.0.1:3000',
  },
];

const children = new Map<string, ChildProcess>();
let stopping = false;
/** The seed while it runs: not an app, so its exit never stops the platform. */
let seeder: ChildProcess | undefined;

function runStep(args: string[]): void {
  const r = spawnSync('npx', ['tsx', ...args], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed`);
}

/** Builds the web UI into apps/web/dist, which the gateway serves. */
function buildWebUi(): void {
  process.stdout.write('[start] building the web UI\n');
  const r = spawnSync(
    'npx',
    ['vite', 'build', '-c', 'apps/web/vite.config.mts', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) throw new Error('the web UI build failed');
}

function prefix(name: string, stream: NodeJS.ReadableStream, out: NodeJS.WritableStream): void {
  let buffered = '';
  stream.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) out.write(`[${name}] ${line}\n`);
  });
}

function startApp(app: AppSpec): void {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, app.entry)], {
    cwd: ROOT,
    // Development mode whatever the shell says (dev-mode.ts); the app's own port and name last.
    env: { ...process.env, ...developmentEnv(process.env), ...app.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefix(app.name, child.stdout!, process.stdout);
  prefix(app.name, child.stderr!, process.stderr);
  child.on('exit', (code, signal) => {
    children.delete(app.name);
    if (!stopping) {
      process.stderr.write(`[start] ${app.name} exited (${signal ?? code}); stopping everything\n`);
      void stop(1);
    }
  });
  children.set(app.name, child);
}

let kafkaWasUp = true;

async function stop(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\n[start] stopping apps\n');
  seeder?.kill('SIGTERM');
  for (const child of children.values()) child.kill('SIGTERM');
  const deadline = Date.now() + 15_000;
  while (children.size > 0 && Date.now() < deadline) await sleep(100);
  for (const child of children.values()) child.kill('SIGKILL');
  if (!kafkaWasUp) {
    process.stdout.write('[start] stopping the infrastructure this run started\n');
    spawnSync('npx', ['tsx', 'tools/infra/cli.ts', 'down'], { cwd: ROOT, stdio: 'inherit' });
  }
  process.exit(exitCode);
}

async function main(): Promise<void> {
  const broker = hostPort(brokerList(env.KAFKA_BROKERS)[0] ?? '127.0.0.1:9092', 9092);
  kafkaWasUp = await tcpReachable(broker.host, broker.port);
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  runStep(['tools/infra/cli.ts', 'up']);
  runStep(['tools/db/migrate.ts']);
  buildWebUi();
  for (const app of APPS) startApp(app);
  const demo = env.DEMO_SEED === '0' ? 'demo seed skipped (DEMO_SEED=0)' : await seedDemo();
  if (stopping) return;
  process.stdout.write(
    `\n[start] running; open http://localhost:3000 (Ctrl-C stops everything)\n${APPS.map((a) => `  ${a.name.padEnd(16)} ${a.url}`).join('\n')}\n\n${demo}\n\n${developmentBanner(process.env)}\n\n`,
  );
}

/** Waits until `url` answers 200, or `deadline` (epoch ms) passes. */
async function answers(url: string, deadline: number): Promise<boolean> {
  while (!stopping && Date.now() < deadline) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return true;
    await sleep(500);
  }
  return false;
}

/**
 * The demo seller, buyer and event (`npm run loadtest -- seed-demo` through the gateway), once
 * the gateway, event-ticketing and booking answer. Its progress is shown as [seed]; what it
 * prints on stdout (the event and the logins) comes back for the banner. A failure is reported
 * and the platform keeps running: it works without the demo, and the seed can be rerun by hand.
 */
async function seedDemo(): Promise<string> {
  const retry = 'fix the cause and rerun it with `npm run loadtest -- seed-demo`';
  const url = (name: string) => APPS.find((a) => a.name === name)!.url;
  const deadline = Date.now() + 180_000;
  for (const probe of [
    `${url('gateway')}/health`,
    `${url('event-ticketing')}/ready`,
    `${url('booking')}/ready`,
  ])
    if (!(await answers(probe, deadline)))
      return stopping ? '' : `[seed] FAILED: ${probe} did not answer within 180 s; ${retry}`;
  process.stdout.write('[start] seeding the demo (DEMO_SEED=0 skips this)\n');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'apps/loadtest/src/main.ts'),
      'seed-demo',
      '--base-url',
      url('gateway'),
    ],
    { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  seeder = child;
  prefix('seed', child.stderr!, process.stderr);
  let summary = '';
  child.stdout!.on('data', (chunk: Buffer) => (summary += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const code = await new Promise<number | string>((resolve) => {
    child.on('error', (err) => resolve(err.message));
    child.on('exit', (c, signal) => resolve(signal ?? c ?? 'unknown'));
  });
  clearTimeout(timer);
  seeder = undefined;
  if (code === 0) return summary.trimEnd();
  process.stderr.write(
    `[start] the demo seed failed (exit ${code}); the platform runs without it\n`,
  );
  return `[seed] FAILED (exit ${code}, see the [seed] lines above); ${retry}`;
}

main().catch((err: Error) => {
  process.stderr.write(`[start] ${err.message}\n`);
  void stop(1);
});
