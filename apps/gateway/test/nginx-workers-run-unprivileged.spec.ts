import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@shared/testing';
import { createLogger, waitFor } from '@shared/util';
import { loadConfig } from '../src/config';
import { findNginx, startNginx, type NginxProcess } from '../src/nginx-process';

/**
 * Started as root (as on this machine and in CI), the gateway's nginx master stays root but its
 * workers, which read the web UI and every request, run as GATEWAY_WORKER_USER (nobody): a file
 * only root may read is not served. Not root, workers run as the gateway's own user.
 */
const asRoot = process.geteuid?.() === 0;
const SECRET = 'only root may read this';

/** The real, effective, saved and filesystem uids of `pid`, from /proc/<pid>/status. */
function uidsOf(pid: number): number[] {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return /^Uid:\s+(.*)$/m.exec(status)![1]!.trim().split(/\s+/).map(Number);
}

/** The pids whose parent is `parent` (nginx's workers, for its master). */
function childrenOf(parent: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        // Field 4 of stat, after the command in parentheses (which may itself hold spaces).
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent;
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

/** A web folder every user may read, holding one file only its owner (root) may. */
function makeWebDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-web-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>seats</title>');
  writeFileSync(join(dir, 'secret.txt'), SECRET);
  chmodSync(dir, 0o755);
  chmodSync(join(dir, 'index.html'), 0o644);
  chmodSync(join(dir, 'secret.txt'), 0o600);
  return dir;
}

describe('gateway (nginx engine) started as root: workers run unprivileged', () => {
  let upstream: Server;
  let booking: string;
  const receivedBytes: number[] = [];
  const dirs: string[] = [];
  const running: NginxProcess[] = [];
  /** What the engine warned about, as pino objects. */
  const warnings: { msg: string; reason?: string }[] = [];
  const logger = createLogger('gateway-test', 'warn');
  logger.warn = ((obj: object, msg: string) =>
    void warnings.push({ ...obj, msg })) as typeof logger.warn;

  async function start(webDist: string): Promise<{ nginx: NginxProcess; base: string }> {
    const port = await freePort();
    const config = loadConfig({
      GATEWAY_ENGINE: 'nginx',
      GATEWAY_WORKERS: '2',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'silent',
      BOOKING_URL: booking,
      WEB_DIST: webDist,
    });
    const bin = findNginx();
    if (!bin) throw new Error('nginx is not installed (tools/test.sh installs it)');
    const nginx = await startNginx(config, bin, logger);
    running.push(nginx);
    return { nginx, base: `http://127.0.0.1:${port}` };
  }

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      let n = 0;
      req.on('data', (c: Buffer) => (n += c.length));
      req.on('end', () => {
        receivedBytes.push(n);
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ bytes: n }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    booking = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const nginx of running) await nginx.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('runs every worker as GATEWAY_WORKER_USER, never root, and serves no root-only file', async () => {
    const webDist = makeWebDist();
    dirs.push(webDist);
    const { nginx, base } = await start(webDist);

    const expected = asRoot
      ? Number(spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim())
      : process.geteuid!();
    if (asRoot) expect(expected).not.toBe(0);
    // nginx listens as soon as its first worker runs; the second may still be forking, and a
    // worker drops root only after its fork. Every worker must get there, and stay there.
    const uids = () => childrenOf(nginx.pid).map(uidsOf);
    const settled = await waitFor(
      'both workers to run as the worker user',
      () => {
        const now = uids();
        return now.length === 2 && now.flat().every((uid) => uid === expected) && now;
      },
      { timeoutMs: 5000, intervalMs: 50 },
    ).catch(() => uids());
    expect(settled).toEqual([
      [expected, expected, expected, expected],
      [expected, expected, expected, expected],
    ]);

    // What the workers can read is still served.
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>seats</title>');

    const secret = await fetch(`${base}/secret.txt`);
    const body = await secret.text();
    if (asRoot) {
      // Root's workers served it with a 200.
      expect(body).not.toContain(SECRET);
      expect(secret.status).toBe(403);
      expect(secret.headers.get('content-type')).toMatch(/application\/json/);
      expect(JSON.parse(body)).toEqual({ error: { code: 'HTTP_FORBIDDEN', message: 'forbidden' } });
    } else {
      // Its owner's workers may read it, as the gateway itself may.
      expect(body).toBe(SECRET);
    }

    // A body past the 128 KiB in-memory buffer goes through a temp file the workers write.
    const big = 1024 * 1024;
    const res = await fetch(`${base}/api/bookings`, { method: 'POST', body: 'x'.repeat(big) });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ bytes: big });
  });

  it('serves a copy of the web UI when a folder above it is closed to the workers', async () => {
    // A checkout in a private home or temp folder (mode 0700), as CI's clean clone is.
    const home = mkdtempSync(join(tmpdir(), 'gateway-home-'));
    dirs.push(home);
    const webDist = join(home, 'dist');
    renameSync(makeWebDist(), webDist);
    expect(statSync(home).mode & 0o777).toBe(0o700);
    const { base } = await start(webDist);

    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>seats</title>');
    // The copy keeps each file's mode: what only root may read is still not served.
    const secret = await fetch(`${base}/secret.txt`);
    const body = await secret.text();
    if (asRoot) expect(body).not.toContain(SECRET);
    expect((await fetch(`${base}/api/bookings`, { method: 'POST' })).status).toBe(202);
  });

  it('serves the API only, saying why, when the workers cannot read the web UI itself', async () => {
    const webDist = makeWebDist();
    dirs.push(webDist);
    chmodSync(join(webDist, 'index.html'), 0o600);
    const { base } = await start(webDist);

    const page = await fetch(`${base}/`);
    if (asRoot) {
      expect(warnings).toContainEqual(
        expect.objectContaining({ reason: `nobody cannot read ${join(webDist, 'index.html')}` }),
      );
      // The API-only answer (as without a built UI), not a 403 per file.
      expect(page.status).toBe(404);
      expect(await page.json()).toMatchObject({ error: { code: 'HTTP_NOT_FOUND' } });
    } else {
      expect(page.status).toBe(200);
      await page.body?.cancel();
    }
    expect((await fetch(`${base}/api/bookings`, { method: 'POST' })).status).toBe(202);
  });
});
