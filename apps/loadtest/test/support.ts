/**
 * What the loadtest integration specs share: a seat-reservation node on a private namespace,
 * and the CLI run as a child process (the real `npm run loadtest` entry point).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { groupId } from '@shared/streams';
import { spawnSeatNode, testBrokers } from '@shared/testing';
import { waitFor } from '@shared/util';

const ROOT = join(__dirname, '..', '..', '..');

export async function startSeatEngine(
  kafka: Kafka,
  namespace: string,
): Promise<{ stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'loadtest-seat-'));
  const child = spawnSeatNode({ namespace, node: 'node-1', dataDir });
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
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run loadtest -- <args>`, as a child process with the test's brokers and namespace. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
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
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A free TCP port on localhost (bound then released). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * An app's real server.ts as a child process on a free port (an app never imports another
 * app), with the test's env; resolves once GET /ready answers 200.
 */
export async function spawnApp(
  app: 'booking' | 'event-ticketing',
  env: Record<string, string>,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, `apps/${app}/src/server.ts`)],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        KAFKA_BROKERS: testBrokers().join(','),
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'fatal',
        ...env,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitFor(
      `${app} to be ready on ${url}`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode}`);
        const res = await fetch(`${url}/ready`).catch(() => undefined);
        return res?.status === 200;
      },
      { timeoutMs: 90_000, intervalMs: 300 },
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, stop };
}
