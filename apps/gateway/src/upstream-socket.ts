import { connect as tcpConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** What undici passes its `connect` option for each new connection to an app. */
export interface UpstreamAddress {
  hostname: string;
  protocol: string;
  port: string;
}

export type ConnectCallback = (...args: [null, Socket] | [Error, null]) => void;

/** As undici's own connector: ms to establish a connection (TLS included), keep-alive probes. */
const CONNECT_TIMEOUT_MS = 10_000;
const KEEPALIVE_INITIAL_DELAY_MS = 60_000;

/** Write errors that mean the app closed the connection, not that it could not be reached. */
const PEER_CLOSED = new Set(['EPIPE', 'ECONNRESET']);

/**
 * The node engine's connections to the apps (undici's `connect` option), made to hear an app
 * out when it answers before it has read the whole request body. An app refusing a body as too
 * large (Fastify's bodyLimit) answers 413 at once and closes its socket unread, so the kernel
 * resets the connection while the proxy is still sending: the proxy's next write fails with
 * EPIPE though the 413 already sits in its receive buffer, and undici, dropping the connection
 * on that write error, made it a 503 for a fault that is the client's.
 *
 * Here a write that fails that way only ends the writing (the rest of the body is dropped, as
 * the app wanted); reading goes on, so undici parses the app's answer (its "response completed
 * before request" path) or, when the app sent none, sees the connection end and fails the
 * request as before. nginx does the same: it reads before it writes on every event.
 *
 * TLS upstreams verify the app's certificate (Node's default).
 */
export function connectUpstream(address: UpstreamAddress, callback: ConnectCallback): Socket {
  const port = Number(address.port) || (address.protocol === 'https:' ? 443 : 80);
  const host = address.hostname;
  const tls = address.protocol === 'https:';
  const socket = tls
    ? tlsConnect({
        host,
        port,
        ...(isIP(host) ? {} : { servername: host }),
        ALPNProtocols: ['http/1.1'],
      })
    : tcpConnect({ host, port });
  socket.setNoDelay(true).setKeepAlive(true, KEEPALIVE_INITIAL_DELAY_MS);
  hearOutEarlyAnswers(socket);

  const timer = setTimeout(() => {
    // undici's own code for it, which reply-from and the seat failover (proxy.routes.ts) read.
    const err = Object.assign(new Error(`connect to ${host}:${port} timed out`), {
      code: 'UND_ERR_CONNECT_TIMEOUT',
    });
    socket.destroy(err);
  }, CONNECT_TIMEOUT_MS);
  const onConnect = () => {
    settle();
    callback(null, socket);
  };
  const onError = (err: Error) => {
    settle();
    callback(err, null);
  };
  const settle = () => {
    clearTimeout(timer);
    socket.off(tls ? 'secureConnect' : 'connect', onConnect).off('error', onError);
  };
  socket.once(tls ? 'secureConnect' : 'connect', onConnect).once('error', onError);
  return socket;
}

/**
 * From the first write that finds the app gone, writes succeed without sending anything, so
 * the socket is not destroyed with that error and what the app said stays readable.
 */
function hearOutEarlyAnswers(socket: Socket): void {
  let closedByPeer = false;
  const wrap =
    (callback: (error?: Error | null) => void) =>
    (error?: Error | null): void => {
      if (error && PEER_CLOSED.has((error as NodeJS.ErrnoException).code ?? '')) {
        closedByPeer = true;
        return callback();
      }
      callback(error);
    };
  const write = socket._write.bind(socket);
  socket._write = (chunk, encoding, callback) =>
    closedByPeer ? callback() : write(chunk, encoding, wrap(callback));
  const writev = socket._writev?.bind(socket);
  if (writev) {
    socket._writev = (chunks, callback) =>
      closedByPeer ? callback() : writev(chunks, wrap(callback));
  }
}
