import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { spawnApp } from './app-process';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** Variables whose development defaults production refuses; cleared from the inherited env. */
const POSTURE_VARIABLES = [
  'JWT_SECRET',
  'PAYMENT_WEBHOOK_SECRET',
  'PAYMENT_PROVIDER',
  'DEMO_SEED',
  'DEMO_PASSWORD',
  'COOKIE_SECURE',
];

/** An app's server.ts run to its exit (it must exit by itself within `timeoutMs`). */
export function runUntilExit(
  script: string,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const inherited = { ...process.env };
  for (const name of POSTURE_VARIABLES) delete inherited[name];
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, script)], {
    cwd: ROOT,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

/**
 * The production-mode start of one app, declared once for every app (issue 21): with
 * NODE_ENV=production and the development defaults it exits non-zero naming every refused
 * variable in one report; with real values (`realEnv`, which sets up what the app needs and
 * answers its env and a cleanup) it starts and answers /ready.
 */
export function describeProductionStart(opts: {
  app: string;
  script: string;
  /** Variables the refusal must name, all in one start. */
  refused: readonly string[];
  realEnv: () => Promise<{ env: Record<string, string>; cleanup(): Promise<void> }>;
}): void {
  describe(`${opts.app} in production mode (NODE_ENV=production)`, () => {
    it('refuses to start with the development defaults, listing every problem at once', async () => {
      const run = await runUntilExit(opts.script, { NODE_ENV: 'production', LOG_LEVEL: 'fatal' });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(/invalid configuration/);
      for (const variable of opts.refused)
        expect(run.stderr).toMatch(new RegExp(`^\\s+- ${variable}: `, 'm'));
    });

    it('starts with real values', async () => {
      const { env, cleanup } = await opts.realEnv();
      try {
        const app = await spawnApp({
          script: opts.script,
          env: { LOG_LEVEL: 'fatal', ...env, NODE_ENV: 'production', DEMO_SEED: '0' },
          readyTimeoutMs: 90_000,
        });
        await app.stop();
      } finally {
        await cleanup();
      }
    });
  });
}
