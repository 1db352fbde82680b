/**
 * The supervisor behind `npm start`: infra up, migrate, start every app as a child process with
 * its output prefixed, print the URLs; on Ctrl-C (or SIGTERM) stop the apps gracefully (SIGTERM,
 * then SIGKILL after a grace period) and stop the infrastructure this run started.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { InfraEnv, brokerList, parseEnv, sleep } from '@shared/util';
import { hostPort, tcpReachable } from './infra/net';

const ROOT = join(__dirname, '..');
const env = parseEnv(InfraEnv, process.env);

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
    env: { ...process.env, ...app.env },
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
  process.stdout.write(
    `\n[start] running; open http://localhost:3000 (Ctrl-C stops everything)\n${APPS.map((a) => `  ${a.name.padEnd(16)} ${a.url}`).join('\n')}\n\n`,
  );
}

main().catch((err: Error) => {
  process.stderr.write(`[start] ${err.message}\n`);
  void stop(1);
});
