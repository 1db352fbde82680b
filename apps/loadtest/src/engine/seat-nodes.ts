/**
 * Seat-reservation nodes as child processes (the real apps/seat-reservation/src/server.ts, run by
 * path: an app never imports another app), for the benchmark and for runs on a private namespace.
 * Their logs go to files in the data dir, so a failing run can be diagnosed afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { groupId } from '@shared/streams';
import { waitFor } from '@shared/util';
import { LoadtestErrors } from '../loadtest.errors';

const ROOT = join(__dirname, '..', '..', '..', '..');

export interface SeatNodes {
  readonly children: ChildProcess[];
  /** SIGTERM, then SIGKILL after 10 s for a node that does not stop. */
  stop(): Promise<void>;
}

export async function startSeatNodes(opts: {
  kafka: Kafka;
  brokers: string[];
  namespace: string;
  count: number;
  dataDir: string;
  /** HTTP port of each node. */
  ports: number[];
}): Promise<SeatNodes> {
  const children = Array.from({ length: opts.count }, (_, k) => {
    const node = `loadtest-${k + 1}`;
    const log = join(opts.dataDir, `${node}.log`);
    return spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'apps/seat-reservation/src/server.ts')],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          KAFKA_BROKERS: opts.brokers.join(','),
          KAFKA_NAMESPACE: opts.namespace,
          NODE_ID: node,
          DATA_DIR: opts.dataDir,
          PORT: String(opts.ports[k]),
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')],
      },
    );
  });
  const killAll = () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL'));
  // Never leave node processes behind, whatever ends this process.
  process.once('exit', killAll);
  const admin = opts.kafka.admin();
  await admin.connect();
  try {
    await waitFor(
      `${opts.count} seat-reservation nodes in the group (logs in ${opts.dataDir})`,
      async () => {
        if (children.some((c) => c.exitCode !== null))
          throw LoadtestErrors.seatNodeFailed('a seat node exited');
        const { groups } = await admin.describeGroups([groupId('seatReservation', opts.namespace)]);
        return groups[0]?.state === 'Stable' && groups[0].members.length === opts.count;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
  } catch (err) {
    killAll();
    throw err;
  } finally {
    await admin.disconnect();
  }
  return {
    children,
    async stop() {
      await Promise.all(
        children.map(async (c) => {
          if (c.exitCode !== null) return;
          const exited = new Promise((resolve) => c.once('exit', resolve));
          c.kill('SIGTERM');
          const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        }),
      );
      process.removeListener('exit', killAll);
    },
  };
}

/** `count` distinct free TCP ports on loopback (each bound, then released). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => {
    const address = s.address();
    return typeof address === 'object' && address ? address.port : 0;
  });
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}
