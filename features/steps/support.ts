import { spawnApp, type AppProcess } from '@shared/testing';

/** What a JSON API answered: the status and the parsed body (undefined when empty). */
export interface JsonReply {
  status: number;
  text: string;
  // The stories read whatever field the API documents; the shapes are the API's, not ours.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** One HTTP call of a story, as a client of the API would make it. */
export async function callApi(
  base: string,
  method: string,
  path: string,
  opts: { body?: unknown; token?: string; idempotencyKey?: string } = {},
): Promise<JsonReply> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.idempotencyKey ? { 'idempotency-key': opts.idempotencyKey } : {}),
    },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, text, json: text ? JSON.parse(text) : undefined };
}

/** Registers an account (if new) and logs it in; resolves to its access token. */
export async function signIn(
  base: string,
  role: 'buyer' | 'seller',
  email: string,
  password = 'a long enough password',
): Promise<string> {
  await callApi(base, 'POST', '/api/auth/register', {
    body: { email, password, role, name: role },
  });
  const login = await callApi(base, 'POST', '/api/auth/login', { body: { email, password } });
  if (login.status !== 200) throw new Error(`login of ${email} failed: ${login.status}`);
  return login.json.token as string;
}

/** event-ticketing as deployed (its server.ts, a child process) on a story's own stores. */
export function startTicketing(namespace: string, databaseUrl: string): Promise<AppProcess> {
  return spawnApp({
    script: 'apps/event-ticketing/src/server.ts',
    env: {
      DATABASE_URL: databaseUrl,
      KAFKA_NAMESPACE: namespace,
      REDIS_KEY_PREFIX: `${namespace}:`,
      LOG_LEVEL: 'warn',
    },
  });
}
