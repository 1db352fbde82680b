import { connect, createServer, type Server, type Socket } from 'node:net';

export interface CommitTrap {
  /** The database URL to give the app: the same database, through the trap. */
  url: string;
  /** Resolves once PostgreSQL has been sent the trapped COMMIT and every connection froze. */
  sprung: Promise<void>;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of PostgreSQL that stops an app exactly after a commit: on the
 * connection whose transaction sent `marker` (a fragment of one of its statements), the COMMIT
 * that follows is passed on to PostgreSQL, and from then on nothing moves on any connection in
 * either direction, new ones included. The transaction is committed, the app never hears so and
 * can query nothing more: it is frozen at the instant after the commit, for the test to kill it.
 *
 * Statement texts travel as plain text in the protocol's Parse and Query messages, so a byte
 * search finds the marker and the COMMIT; the last bytes of each chunk are kept, in case a
 * word is split between two reads.
 */
export async function startCommitTrap(databaseUrl: string, marker: string): Promise<CommitTrap> {
  const target = new URL(databaseUrl);
  const host = target.hostname || '127.0.0.1';
  const port = Number(target.port || 5432);
  const sockets = new Set<Socket>();
  let frozen = false;
  let spring!: () => void;
  const sprung = new Promise<void>((resolve) => (spring = resolve));
  const freeze = () => {
    frozen = true;
    spring();
  };

  const server: Server = createServer((client) => {
    const upstream = connect(port, host);
    sockets.add(client).add(upstream);
    let seenMarker = false;
    let tail = '';
    client.on('data', (chunk: Buffer) => {
      if (frozen) return;
      const text = tail + chunk.toString('latin1');
      tail = text.slice(-64);
      if (!seenMarker && text.includes(marker)) seenMarker = true;
      if (seenMarker && /COMMIT/i.test(text)) {
        // The COMMIT goes to PostgreSQL; its answer, and everything after, goes nowhere.
        upstream.write(chunk, freeze);
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!frozen) client.write(chunk);
    });
    const end = () => {
      if (frozen) return; // a frozen connection stays open: the app must not see it end
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('commit trap has no port');
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);
  return {
    url: url.toString(),
    sprung,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
