import type { IncomingMessage } from 'node:http';
import { Transform, type Readable } from 'node:stream';

/**
 * How long (ms) a client may go on sending a body nobody will read, once the gateway or an app
 * has answered it early (413). The rest is read and dropped meanwhile, so a client still sending
 * is not reset before it reads the answer; past this its connection is closed. nginx's
 * lingering_time does the same in that engine, with the same 30 s.
 */
export const LINGER_MS = 30_000;

/** The client's request body on its way to an app, counted (bytes) against the gateway's limit. */
export interface MeteredBody {
  /** What the proxy sends upstream; it fails, aborting the upstream request, past the limit. */
  readonly stream: Readable;
  /** True once the client has sent more than the limit. */
  readonly tooLarge: boolean;
}

/**
 * Streams `body` (the client's, unparsed) through a counter, so a body without a Content-Length
 * (chunked) is held to `limitBytes` too. The client's stream is never destroyed: when the
 * counter stops early (past the limit, or the app answered before taking it all), the rest is
 * read and dropped, so the answer reaches a client that is still sending.
 */
export function meterBody(body: Readable, raw: IncomingMessage, limitBytes: number): MeteredBody {
  let received = 0;
  let tooLarge = false;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > limitBytes) {
        tooLarge = true;
        return callback(new Error(`request body is larger than ${limitBytes} bytes`));
      }
      callback(null, chunk);
    },
  });
  // The flag says it; undici listens for the error only once it sends, and the body may be
  // too large before that.
  stream.on('error', () => undefined);
  // pipe, not pipeline: pipeline would destroy the client's stream, and with it the socket the
  // answer has to go out on.
  body.pipe(stream);
  stream.once('close', () => {
    body.unpipe(stream);
    if (!raw.complete) discardBody(raw);
  });
  // pipe does not pass on the end of a client that went away mid-body: without this, the
  // upstream request would wait for the rest for as long as the app lets it.
  body.once('close', () => {
    if (!raw.complete) stream.destroy(new Error('the client went away before its body ended'));
  });
  return {
    stream,
    get tooLarge() {
      return tooLarge;
    },
  };
}

/**
 * Reads the rest of a request body and drops it; a client still sending after LINGER_MS is cut
 * off. Answering without it would leave the body unread and the next request on the connection
 * stuck behind it, and closing at once would reset a client that is still sending.
 */
export function discardBody(raw: IncomingMessage): void {
  if (raw.complete) return;
  raw.resume();
  const timer = setTimeout(() => raw.socket.destroy(), LINGER_MS).unref();
  raw.once('end', () => clearTimeout(timer));
  raw.socket.once('close', () => clearTimeout(timer));
}
