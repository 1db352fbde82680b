import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  constants,
  cpSync,
  existsSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@shared/util';
import type { GatewayConfig } from './config';
import { renderNginxConf, wantsAccessLog, type NginxLayout } from './nginx-config';
import { resolveWorkerUser, whyUnreadable, type WorkerUser } from './nginx-worker-user';

/** Where nginx is looked for: PATH first, then Debian's place for it (often not on PATH). */
const NGINX_CANDIDATES = ['nginx', '/usr/sbin/nginx'];

/** The nginx binary that runs (`nginx -v` exits 0), or undefined when there is none. */
export function findNginx(): string | undefined {
  return NGINX_CANDIDATES.find((bin) => spawnSync(bin, ['-v'], { stdio: 'ignore' }).status === 0);
}

/** A running nginx engine: its master's pid, and how to stop it. */
export interface NginxProcess {
  pid: number;
  /** Resolves with the master's exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** Graceful quit (SIGQUIT: open requests finish, streams get 3 s); resolves when it is gone. */
  stop(): Promise<void>;
}

/**
 * Renders nginx.conf into a private directory, checks it with `nginx -t` (throws with nginx's
 * own words when it is bad), then runs nginx in the foreground as this process's child, master
 * and GATEWAY_WORKERS workers (as GATEWAY_WORKER_USER when this process is root, never as
 * root). Its error log is its stderr, inherited; its access log reaches
 * this process's stdout through a FIFO (copyAccessLog). Resolves once the port accepts
 * connections; an operator reads the rendered config in the directory the error names.
 */
export async function startNginx(
  config: Readonly<GatewayConfig>,
  bin: string,
  logger: Logger,
): Promise<NginxProcess> {
  if (config.PORT === 0) throw new Error('the nginx engine needs a fixed PORT (0 was given)');
  // Else the poll below would take another server on the port for nginx.
  if (await accepts(config.HOST, config.PORT)) {
    throw new Error(`${config.HOST}:${config.PORT} is already in use`);
  }
  // Workers serve files: run by root they would serve any file (a chmod 000 one included). A
  // root master hands them to GATEWAY_WORKER_USER; any other cannot switch users at all.
  const user =
    process.geteuid?.() === 0 ? resolveWorkerUser(config.GATEWAY_WORKER_USER) : undefined;
  const prefix = mkdtempSync(join(tmpdir(), 'gateway-nginx-'));
  const removePrefix = () => rmSync(prefix, { recursive: true, force: true });
  // Workers pass through this directory (search, not list): see below, and servableWebDist.
  if (user) chmodSync(prefix, 0o711);
  const layout: NginxLayout = {
    prefix,
    webDist: servableWebDist(config.WEB_DIST, user, prefix, logger),
    user,
    tempPaths: tempPathModules(bin),
    maxOpenFiles: hardOpenFileLimit(),
  };
  const confPath = join(prefix, 'nginx.conf');
  let child: ChildProcess | undefined;
  let accessLog: ReturnType<typeof copyAccessLog> | undefined;
  try {
    if (user) {
      // The root master opens the config, pid file and access-log FIFO (workers inherit the
      // log's fd) and creates the temp dirs (client_body, proxy, ...) owned by the worker user,
      // 0700. Workers need only pass through this directory to reach those.
      const why = whyUnreadable(user, prefix);
      if (why)
        throw new Error(`nginx's workers could not reach their temp files: ${why} (TMPDIR?)`);
    }
    if (wantsAccessLog(config.LOG_LEVEL)) {
      accessLog = copyAccessLog(join(prefix, 'access.fifo'));
      layout.accessLog = accessLog.path;
    }
    writeFileSync(confPath, renderNginxConf(config, layout), { mode: 0o600 });
    const args = ['-p', prefix, '-c', confPath, '-e', 'stderr'];
    const check = spawnSync(bin, ['-t', '-q', ...args], { encoding: 'utf8' });
    if (check.status !== 0) {
      throw new Error(
        `nginx rejected the gateway's config (${confPath}):\n${check.stderr || check.error}`,
      );
    }
    const nginx = spawn(bin, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child = nginx;
    const exited = new Promise<number | null>((resolve) =>
      nginx.once('exit', (code) => resolve(code)),
    );
    const watchdog = killWhenOrphaned(nginx);
    void exited.then(() => {
      watchdog.kill('SIGKILL');
      accessLog?.close();
      removePrefix();
    });
    await untilListening(config.HOST, config.PORT, exited);
    let stopping: Promise<void> | undefined;
    return {
      pid: nginx.pid!,
      exited,
      stop: () => {
        stopping ??= (async () => {
          if (nginx.exitCode === null && nginx.signalCode === null) nginx.kill('SIGQUIT');
          await exited;
        })();
        return stopping;
      },
    };
  } catch (err) {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    accessLog?.close();
    removePrefix();
    throw err;
  }
}

/**
 * The web UI folder the workers will serve, or undefined (API only, with a warning saying why).
 * As root the workers run as an unprivileged user, and a checkout often sits below a folder that
 * user may not enter (a home or temp folder of mode 0700): then they serve a copy in the
 * gateway's private directory, which they may enter. The copy keeps every file's mode, so what
 * only its owner could read stays unserved; only its top folder is opened to the workers (the
 * folders above it were what kept them out).
 */
function servableWebDist(
  dir: string,
  user: WorkerUser | undefined,
  prefix: string,
  logger: Logger,
): string | undefined {
  if (!existsSync(dir)) {
    logger.warn({ dir }, 'web UI not built; serving the API only');
    return undefined;
  }
  if (!user || !whyUnreadable(user, dir)) return dir;
  const copy = join(prefix, 'web');
  cpSync(dir, copy, { recursive: true });
  chmodSync(copy, 0o755);
  const why = whyUnreadable(user, copy);
  if (why) {
    logger.warn(
      { dir, workerUser: user.name, reason: why.replace(copy, dir) },
      `nginx's workers (user ${user.name}) cannot read the web UI: ${why.replace(copy, dir)}; serving the API only. Make its files readable by ${user.name} (e.g. chmod -R o+rX) or set GATEWAY_WORKER_USER`,
    );
    return undefined;
  }
  logger.info(
    { dir, copy, workerUser: user.name },
    `nginx's workers (user ${user.name}) cannot reach the web UI where it is; serving a copy`,
  );
  return copy;
}

/**
 * nginx opens its access log by path, and /dev/stdout cannot be opened when stdout is a socket
 * (as Node makes every child's piped stdio: ENXIO). So it writes to a FIFO that this process
 * copies to its stdout, 32 KiB at a time. Opened read-write, the FIFO never blocks nginx's
 * open (nor `nginx -t`'s) and never reads end-of-file while nginx reopens it.
 */
function copyAccessLog(path: string): { path: string; close(): void } {
  const made = spawnSync('mkfifo', ['-m', '600', path], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`mkfifo ${path} failed: ${made.stderr || made.error}`);
  const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
  // A Socket polls the FIFO in the event loop; a file stream would hold a libuv thread.
  const lines = new Socket({ fd, readable: true, writable: false });
  lines.pipe(process.stdout, { end: false });
  return { path, close: () => lines.destroy() };
}

/**
 * A SIGKILLed gateway cannot stop its nginx, which would then hold the port forever. A shell
 * waits on a pipe from this process; when the pipe closes (this process is gone, however it
 * went) it stops nginx. Killed in turn once nginx exits.
 */
function killWhenOrphaned(nginx: ChildProcess): ChildProcess {
  const watchdog = spawn(
    'sh',
    ['-c', 'read -r _; kill -TERM "$1" 2>/dev/null', 'gateway-watchdog', String(nginx.pid)],
    {
      stdio: ['pipe', 'ignore', 'ignore'],
    },
  );
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return watchdog;
}

/** The hard limit on open files, which nginx may raise its workers' soft limit to. */
function hardOpenFileLimit(): number | undefined {
  const out = spawnSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).stdout?.trim();
  const n = Number(out);
  return out === 'unlimited' ? undefined : Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Which of fastcgi/uwsgi/scgi this build has: each wants a writable temp path of its own. */
function tempPathModules(bin: string): NginxLayout['tempPaths'] {
  const built = spawnSync(bin, ['-V'], { encoding: 'utf8' }).stderr ?? '';
  return (['fastcgi', 'uwsgi', 'scgi'] as const).filter(
    (m) => !built.includes(`--without-http_${m}_module`),
  );
}

/** Polls until host:port accepts a connection; rejects if nginx exits first or after 10 s. */
async function untilListening(
  host: string,
  port: number,
  exited: Promise<number | null>,
): Promise<void> {
  let gone: number | null | undefined;
  void exited.then((code) => (gone = code));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (gone !== undefined) throw new Error(`nginx exited (${gone}) before it listened`);
    if (await accepts(host, port)) return;
    if (Date.now() > deadline) throw new Error(`nginx did not listen on ${host}:${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
