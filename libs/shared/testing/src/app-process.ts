import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitFor } from '@shared/util';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** A free TCP port on loopback, for an app under test that must be reached at a known address. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Every client of a test bed is this host (127.0.0.1), so per-address limits would count a
 * whole suite as one client: raised unless a spec sets them (the specs of the limits do).
 */
const LOOPBACK_CLIENT_LIMITS = {
  SIGNUPS_PER_ADDRESS: '100000',
  LOGIN_ATTEMPTS_PER_ADDRESS: '100000',
};

export interface AppProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port> */
  base: string;
  /** SIGTERM (the app's graceful shutdown), SIGKILL after `graceMs`; resolves when it exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * An app as deployed: its server.ts (path from the repository root) in a child process run by
 * tsx, listening on a free port; resolves once GET /ready answers 200. `nodeArgs` go before the
 * script (a benchmark passes --cpu-prof).
 */
export async function spawnApp(opts: {
  script: string;
  env: Record<string, string>;
  nodeArgs?: string[];
  readyTimeoutMs?: number;
}): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [...(opts.nodeArgs ?? []), '--import', 'tsx', join(ROOT, opts.script)],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        ...LOOPBACK_CLIENT_LIMITS,
        ...opts.env,
        HOST: '127.0.0.1',
        PORT: String(port),
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  const app: AppProcess = { child, base, stop: (graceMs) => stopChild(child, graceMs) };
  try {
    await waitFor(
      `${opts.script} to be ready on ${base}`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${opts.script} exited (${child.exitCode})`);
        const res = await fetch(`${base}/ready`).catch(() => undefined);
        return res?.status === 200 ? true : undefined;
      },
      { timeoutMs: opts.readyTimeoutMs ?? 60_000, intervalMs: 200 },
    );
  } catch (err) {
    await app.stop(0);
    throw err;
  }
  return app;
}

/** SIGTERM, then SIGKILL after `graceMs` (default 10 s); resolves when the child has exited. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
