/**
 * CPU time (user + system, ms) of every process of the platform, by role, from /proc (Linux):
 * what a request costs whatever else the machine does, unlike wall-clock rates on shared cores.
 * Roles are told by command line: the apps by their server script, the gateway with the nginx
 * it runs, PostgreSQL, Kafka and Redis by name; `client` is this process. Off Linux (no /proc)
 * every role but `client` reads 0.
 */
import { readdirSync, readFileSync } from 'node:fs';

export type CpuByRole = Record<string, number>;

const ROLES: readonly (readonly [role: string, test: (comm: string, cmd: string) => boolean])[] = [
  ['booking', (_, cmd) => cmd.includes('apps/booking/src/server')],
  ['eventTicketing', (_, cmd) => cmd.includes('apps/event-ticketing/src/server')],
  ['seatNodes', (_, cmd) => cmd.includes('apps/seat-reservation/src/server')],
  ['gateway', (comm, cmd) => cmd.includes('apps/gateway/src/server') || comm === 'nginx'],
  ['postgres', (comm) => comm === 'postgres'],
  ['kafka', (comm, cmd) => comm === 'java' && cmd.includes('kafka')],
  ['redis', (comm) => comm.startsWith('redis-server')],
];

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS = 100;

export function sampleCpu(): CpuByRole {
  const out: CpuByRole = Object.fromEntries(ROLES.map(([role]) => [role, 0]));
  const usage = process.cpuUsage();
  out['client'] = (usage.user + usage.system) / 1000;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (!/^[0-9]+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm !== 'node' && comm !== 'nginx' && comm !== 'postgres' && comm !== 'java') {
        if (!comm.startsWith('redis-server')) continue;
      }
      const cmd =
        comm === 'node' || comm === 'java' ? readFileSync(`/proc/${entry}/cmdline`, 'utf8') : '';
      const role = ROLES.find(([, test]) => test(comm, cmd))?.[0];
      if (!role) continue;
      // utime and stime: fields 14 and 15 of stat, counted after the command's closing ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out[role]! += ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
    } catch {
      // the process ended between listing and reading
    }
  }
  return out;
}

/** CPU ms per request of each role between two samples (2 decimals), and the machine's total. */
export function cpuPerRequest(a: CpuByRole, b: CpuByRole, requests: number): CpuByRole {
  const n = Math.max(1, requests);
  const out: CpuByRole = {};
  let total = 0;
  for (const role of Object.keys(b)) {
    const ms = (b[role]! - (a[role] ?? 0)) / n;
    total += ms;
    out[role] = Math.round(ms * 100) / 100;
  }
  out['total'] = Math.round(total * 100) / 100;
  return out;
}
