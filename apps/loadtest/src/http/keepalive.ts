/**
 * The load generator's HTTP: node:http over one keep-alive connection pool per origin, and a
 * minimal SSE reader. fetch (undici) costs the client a stream, a Headers object, a promise chain
 * and a Response per request; on a shared 2-core machine the generator's own CPU then distorts
 * what it measures (issue 25: 2.4 ms of client CPU per booking request). Here a request is one
 * write on a pooled socket and one parse of a small JSON body.
 */
import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface HttpReply {
  status: number;
  text: string;
}

export interface KeepAliveHttp {
  request(
    method: string,
    url: URL,
    opts: { body?: string; headers?: Record<string, string>; timeoutMs: number },
  ): Promise<HttpReply>;
  /**
   * Opens an SSE stream and calls `onEvent(name, data)` for each event until it returns true,
   * the server ends the stream, or `timeoutMs` passes. Resolves the status of the answer and
   * whether `onEvent` asked to stop. A stream the server ended frees its socket for reuse.
   */
  stream(
    url: URL,
    headers: Record<string, string>,
    timeoutMs: number,
    onEvent: (event: string, data: string) => boolean,
  ): Promise<{ status: number; stopped: boolean }>;
  close(): void;
}

export function createKeepAliveHttp(opts: { maxSockets?: number } = {}): KeepAliveHttp {
  const agentOptions = {
    keepAlive: true,
    maxSockets: opts.maxSockets ?? 2048,
    scheduling: 'lifo' as const,
  };
  const agent = new Agent(agentOptions);
  const secure = new HttpsAgent(agentOptions);
  const send = (url: URL, method: string, headers: Record<string, string>) =>
    url.protocol === 'https:'
      ? httpsRequest(url, { method, headers, agent: secure })
      : httpRequest(url, { method, headers, agent });

  return {
    request(method, url, { body, headers = {}, timeoutMs }) {
      return new Promise<HttpReply>((resolve, reject) => {
        const req = send(url, method, {
          ...headers,
          ...(body !== undefined
            ? {
                'content-type': 'application/json',
                'content-length': String(Buffer.byteLength(body)),
              }
            : {}),
        });
        req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        req.on('error', reject);
        req.on('response', (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              text: chunks.length === 1 ? chunks[0]!.toString() : Buffer.concat(chunks).toString(),
            }),
          );
        });
        req.end(body);
      });
    },

    stream(url, headers, timeoutMs, onEvent) {
      return new Promise((resolve, reject) => {
        const req = send(url, 'GET', { accept: 'text/event-stream', ...headers });
        let settled = false;
        const done = (result: { status: number; stopped: boolean }, destroy: boolean) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          // A stream we leave before its end cannot be reused: its socket goes.
          if (destroy) req.destroy();
          resolve(result);
        };
        const timer = setTimeout(() => done({ status: 0, stopped: false }, true), timeoutMs);
        req.on('error', (err) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          reject(err);
        });
        req.on('response', (res: IncomingMessage) => {
          const status = res.statusCode ?? 0;
          if (status !== 200) {
            res.resume();
            res.on('end', () => done({ status, stopped: false }, false));
            return;
          }
          res.setEncoding('utf8');
          let buffer = '';
          res.on('data', (chunk: string) => {
            if (settled) return;
            buffer += chunk;
            let end: number;
            while ((end = buffer.indexOf('\n\n')) !== -1) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              let event = 'message';
              let data = '';
              for (const line of block.split('\n')) {
                if (line.startsWith('event:')) event = line.slice(6).trim();
                else if (line.startsWith('data:'))
                  data += (data ? '\n' : '') + line.slice(line[5] === ' ' ? 6 : 5);
              }
              if (onEvent(event, data)) return done({ status, stopped: true }, !res.complete);
            }
          });
          res.on('end', () => done({ status, stopped: false }, false));
          res.on('error', () => done({ status, stopped: false }, true));
        });
        req.end();
      });
    },

    close() {
      agent.destroy();
      secure.destroy();
    },
  };
}
