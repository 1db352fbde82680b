/**
 * What the loadtest integration specs share: a seat-reservation node on a private namespace,
 * and the CLI run as a child process (the real `npm run loadtest` entry point).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { groupId } from '@shared/streams';
import { freePort, spawnApp, spawnSeatNode, stopChild, testBrokers } from '@shared/testing';
import { waitFor } from '@shared/util';

const ROOT = join(__dirname, '..', '..', '..');

export async function startSeatEngine(
  kafka: Kafka,
  namespace: string,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'loadtest-seat-'));
  const port = await freePort();
  const child = spawnSeatNode({ namespace, node: 'node-1', dataDir, port });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitFor(
      'the seat-reservation node to join its group',
      async () => {
        if (child.exitCode !== null) throw new Error(`seat node exited with ${child.exitCode}`);
        const { groups } = await admin.describeGroups([groupId('seatReservation', namespace)]);
        return groups[0]?.state === 'Stable' && groups[0].members.length === 1;
      },
      { timeoutMs: 90_000, intervalMs: 300 },
    );
  } finally {
    await admin.disconnect();
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `npm run loadtest -- <args>` started as a child process with the test's brokers: the child (a
 * spec can signal it) and its end, with everything it printed. Killed after 150 s.
 */
export function startCli(
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; output: () => CliRun; done: Promise<CliRun> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'apps/loadtest/src/main.ts'), ...args],
    {
      cwd: ROOT,
      env: { ...process.env, KAFKA_BROKERS: testBrokers().join(','), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return { child, output: () => ({ code: child.exitCode, stdout, stderr }), done };
}

/** `npm run loadtest -- <args>` run to its end. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return startCli(args, env).done;
}

/** An app's real server.ts as a child process on a free port, with the test's brokers and env. */
export async function startApp(
  app: 'booking' | 'event-ticketing' | 'gateway',
  env: Record<string, string>,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const started = await spawnApp({
    script: `apps/${app}/src/server.ts`,
    env: {
      KAFKA_BROKERS: testBrokers().join(','),
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'fatal',
      ...env,
    },
    readyTimeoutMs: 90_000,
  });
  return { url: started.base, stop: () => started.stop() };
}
