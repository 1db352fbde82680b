import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { testBrokers } from './kafka';

/**
 * A seat-reservation node as a child process: the real apps/seat-reservation/src/server.ts,
 * run by path (not imported), so any app's specs can have the engine behind them and a spec can
 * kill it with SIGKILL. Benchmarks use it too.
 */
export function spawnSeatNode(opts: {
  namespace: string;
  node: string;
  dataDir: string;
  /** HTTP port (default 0: any free one, for specs that do not call the node over HTTP). */
  port?: number;
  /** Where its output goes (appended); default: this process's stdout/stderr. */
  logFile?: string;
  /** pino level; default TEST_LOG_LEVEL or fatal. */
  logLevel?: string;
  /** Node.js options before the script (a benchmark passes --cpu-prof). */
  nodeArgs?: string[];
}): ChildProcess {
  const log = opts.logFile ? openSync(opts.logFile, 'a') : 'inherit';
  const root = join(__dirname, '..', '..', '..', '..');
  return spawn(
    process.execPath,
    [
      ...(opts.nodeArgs ?? []),
      '--import',
      'tsx',
      join(root, 'apps/seat-reservation/src/server.ts'),
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        KAFKA_BROKERS: testBrokers().join(','),
        KAFKA_NAMESPACE: opts.namespace,
        NODE_ID: opts.node,
        DATA_DIR: opts.dataDir,
        PORT: String(opts.port ?? 0),
        LOG_LEVEL: opts.logLevel ?? process.env['TEST_LOG_LEVEL'] ?? 'fatal',
      },
      stdio: ['ignore', log, log],
    },
  );
}
