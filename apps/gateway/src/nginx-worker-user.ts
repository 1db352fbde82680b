import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The unprivileged account nginx's workers take when the gateway (so its master) runs as root. */
export interface WorkerUser {
  name: string;
  /** The user's primary group (`nobody`'s is `nogroup` on Debian, `nobody` elsewhere). */
  group: string;
  uid: number;
  gid: number;
}

/**
 * Looks `name` up with id(1), which asks NSS as nginx will. Throws, naming GATEWAY_WORKER_USER,
 * when the user does not exist or is uid 0 under another name: workers must never be root.
 */
export function resolveWorkerUser(name: string): WorkerUser {
  const id = (flag: string) => {
    const out = spawnSync('id', [flag, name], { encoding: 'utf8' });
    if (out.status !== 0) {
      throw new Error(
        `GATEWAY_WORKER_USER=${name}: no such user (${(out.stderr || String(out.error)).trim()})`,
      );
    }
    return out.stdout.trim();
  };
  const user = { name, group: id('-gn'), uid: Number(id('-u')), gid: Number(id('-g')) };
  if (user.uid === 0)
    throw new Error(`GATEWAY_WORKER_USER=${name} is uid 0; name an unprivileged user`);
  return user;
}

/**
 * Why `user` cannot serve the web UI in `dir`, or undefined when it can: nginx's workers need
 * to enter the folder (and every one above it) and read index.html, and `assets/` when there is
 * one. Each check runs test(1) as that user (setpriv, util-linux), so ACLs and supplementary
 * groups count as they will for nginx. Undefined, too, when setpriv is missing: nothing is known.
 */
export function whyUnreadable(user: WorkerUser, dir: string): string | undefined {
  const checks: [flag: string, path: string, need: string][] = [
    ['-x', dir, 'enter'],
    ['-r', join(dir, 'index.html'), 'read'],
    ['-x', join(dir, 'assets'), 'enter'],
  ];
  for (const [flag, path, need] of checks) {
    if (path !== dir && !existsSync(path)) continue;
    const test = spawnSync(
      'setpriv',
      [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', 'test', flag, path],
      { stdio: 'ignore' },
    );
    if (test.error) return undefined;
    if (test.status !== 0) return `${user.name} cannot ${need} ${path}`;
  }
  return undefined;
}
