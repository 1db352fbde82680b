/**
 * CPU time (user + system, ms) of every process of the platform, by role, from /proc (Linux):
 * what a request costs whatever else the machine does, unlike wall-clock rates on shared cores.
 * Roles are told by command line: the apps by their server script, the gateway with the nginx
 * it runs, PostgreSQL, Kafka and Redis by name; `client` is this process. The apps count only
 * when their KAFKA_NAMESPACE is the platform's (empty under `npm start`), so the apps
 * other test runs start on the same machine are left out; PostgreSQL, Kafka and Redis serve
 * every namespace, so on a shared machine their figures are upper bounds. Off Linux (no /proc)
 * every role but `client` reads 0.
 */
import { readdirSync, readFileSync } from 'node:fs';

export type CpuByRole = Record<string, number>;

/** CPU ms so far of each process counted, by pid, with its role. */
export type CpuSample = Map<number, { role: string; ms: number }>;

const APP_ROLES: readonly (readonly [role: string, script: string])[] = [
  ['booking', 'apps/booking/src/server'],
  ['eventTicketing', 'apps/event-ticketing/src/server'],
  ['seatNodes', 'apps/seat-reservation/src/server'],
  ['gateway', 'apps/gateway/src/server'],
];
const SHARED_ROLES: Record<string, string> = {
  postgres: 'postgres',
  java: 'kafka',
  'redis-server': 'redis',
};

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS = 100;

export function sampleCpu(namespace: string): CpuSample {
  const out: CpuSample = new Map();
  const usage = process.cpuUsage();
  out.set(process.pid, { role: 'client', ms: (usage.user + usage.system) / 1000 });
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  // nginx overwrites its environment with its process title, so its processes are the
  // gateway's when their parent (a worker's is the master) is a gateway counted here.
  const nginx: { pid: number; ppid: number; ms: number }[] = [];
  for (const entry of entries) {
    if (!/^[0-9]+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      // utime and stime: fields 14 and 15 of stat, counted after the command's closing ')';
      // the parent is field 4.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
      if (comm === 'nginx') {
        nginx.push({ pid, ppid: Number(fields[1]), ms });
        continue;
      }
      const role = roleOf(pid, comm.startsWith('redis-server') ? 'redis-server' : comm, namespace);
      if (role) out.set(pid, { role, ms });
    } catch {
      // the process ended between listing and reading
    }
  }
  const parentOf = new Map(nginx.map((n) => [n.pid, n.ppid]));
  for (const n of nginx) {
    const owner = parentOf.has(n.ppid) ? parentOf.get(n.ppid)! : n.ppid;
    if (out.get(owner)?.role === 'gateway') out.set(n.pid, { role: 'gateway', ms: n.ms });
  }
  return out;
}

function roleOf(pid: number, comm: string, namespace: string): string | undefined {
  const shared = SHARED_ROLES[comm];
  if (comm === 'java') {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('kafka') ? shared : undefined;
  }
  if (shared) return shared;
  if (comm !== 'node') return undefined;
  const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  const ns = env.find((v) => v.startsWith('KAFKA_NAMESPACE='))?.slice(16) ?? '';
  if (ns !== namespace) return undefined;
  const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  return APP_ROLES.find(([, script]) => cmd.includes(script))?.[0];
}

/**
 * CPU ms per request of each role between two samples (2 decimals), and their total. A process
 * counts what it used between the samples (all of it when it started meanwhile); one that ended
 * meanwhile is not seen at the end and counts nothing.
 */
export function cpuPerRequest(a: CpuSample, b: CpuSample, requests: number): CpuByRole {
  const n = Math.max(1, requests);
  const ms: CpuByRole = {};
  for (const [pid, { role, ms: end }] of b) {
    ms[role] = (ms[role] ?? 0) + Math.max(0, end - (a.get(pid)?.ms ?? 0));
  }
  const out: CpuByRole = {};
  let total = 0;
  for (const role of [
    'booking',
    'eventTicketing',
    'seatNodes',
    'gateway',
    'postgres',
    'kafka',
    'redis',
    'client',
  ]) {
    const perRequest = (ms[role] ?? 0) / n;
    total += perRequest;
    out[role] = Math.round(perRequest * 100) / 100;
  }
  out['total'] = Math.round(total * 100) / 100;
  return out;
}
