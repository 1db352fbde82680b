import { connect } from 'node:net';

/** Host and port of "host:port" or of a URL. */
export function hostPort(address: string, defaultPort: number): { host: string; port: number } {
  if (address.includes('://')) {
    const u = new URL(address);
    return { host: u.hostname || '127.0.0.1', port: u.port ? Number(u.port) : defaultPort };
  }
  const [host, port] = address.split(':');
  return { host: host || '127.0.0.1', port: port ? Number(port) : defaultPort };
}

/** True when something accepts TCP connections there within `timeoutMs`. */
export function tcpReachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
