import { join } from 'node:path';
import type { GatewayConfig } from './config';
import { bodyTooLargeMessage, upstreamUnavailable } from './gateway.errors';
import { APP_NAMES, ROUTES, STREAM_PATH, type Upstream } from './route-table';
import { SECURITY_HEADER_NAMES, securityHeaders, type HeaderSurface } from './security-headers';

/** Where the rendered nginx runs: what the config cannot know from GatewayConfig alone. */
export interface NginxLayout {
  /** A private directory for the pid file and nginx's temp files (the config goes there too). */
  prefix: string;
  /** The built web UI when it exists; without it only the API, /health and /ready answer. */
  webDist?: string;
  /** Workers run as this user and group; set only when the master runs as root (nginx-process.ts). */
  user?: { name: string; group: string };
  /** Where the access log goes (a FIFO the gateway copies to its stdout); absent: no access log. */
  accessLog?: string;
  /** Temp-path directives this nginx build knows (`nginx -V` says which modules it lacks). */
  tempPaths?: readonly ('fastcgi' | 'uwsgi' | 'scgi')[];
  /** Open files a worker may have: the process's hard limit (`ulimit -Hn`); default 65,536. */
  maxOpenFiles?: number;
}

/** Once a stream is open it has no read timeout worth the name; the apps send heartbeats. */
const STREAM_READ_TIMEOUT = '1d';
/** Idle upstream connections close before the apps' own keep-alive timeouts (Node: 5 s). */
const UPSTREAM_IDLE = '4s';
/** A seat node that refused a connection is skipped this long, as the node engine's pool does. */
const SEAT_DOWN_FOR = '5s';

/**
 * Statuses nginx itself may answer with, each as the JSON error the Fastify handler sends.
 * `early`: nginx may raise it before it has parsed a request URI (a garbled or over-long request
 * line), when a redirect to a named location fails with an HTML 500 ("empty URI in redirect to
 * named location"); those go to an internal URI instead. A URI redirect turns the method into
 * GET, so the others, whose messages say the method, stay named locations. A message may depend
 * on the config (the body limit).
 */
const OWN_ERRORS: readonly {
  statuses: number[];
  status: number;
  code: string;
  message: string | ((config: Readonly<GatewayConfig>) => string);
  early?: true;
}[] = [
  // 494: nginx's own name for request headers too large; 501 an unknown Transfer-Encoding and
  // 505 an HTTP version it does not speak. Node answers all of them 400.
  {
    statuses: [400, 494, 501, 505],
    status: 400,
    code: 'HTTP_BAD_REQUEST',
    message: 'bad request',
    early: true,
  },
  {
    statuses: [404, 405],
    status: 404,
    code: 'HTTP_NOT_FOUND',
    message: 'no route $request_method $gateway_path',
  },
  {
    statuses: [413],
    status: 413,
    code: 'HTTP_BODY_TOO_LARGE',
    message: (config) => bodyTooLargeMessage(config.GATEWAY_BODY_LIMIT_BYTES),
  },
  {
    statuses: [414],
    status: 414,
    code: 'HTTP_BAD_REQUEST',
    message: 'request URI too long',
    early: true,
  },
  // A file the workers may not read (they do not run as root). Fastify's static files would say
  // HTTP_BAD_REQUEST for its 403s (the handler's fallback), which names the wrong fault.
  { statuses: [403], status: 403, code: 'HTTP_FORBIDDEN', message: 'forbidden' },
  { statuses: [500], status: 500, code: 'HTTP_INTERNAL', message: 'internal error' },
];

/** Vite's output and the odd file next to it; anything else is application/octet-stream. */
const MIME_TYPES: Record<string, string> = {
  'text/html': 'html htm',
  'text/css': 'css',
  'text/plain': 'txt',
  'application/javascript': 'js mjs',
  'application/json': 'json map webmanifest',
  'application/wasm': 'wasm',
  'image/svg+xml': 'svg svgz',
  'image/png': 'png',
  'image/jpeg': 'jpg jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/x-icon': 'ico',
  'font/woff': 'woff',
  'font/woff2': 'woff2',
  'font/ttf': 'ttf',
};

/**
 * The nginx.conf of the nginx engine, rendered from the gateway's config and its one route
 * table, so nginx and the node engine answer alike: each route table regex becomes a regex
 * location in the table's order (nginx too takes the first regex that matches), SSE paths
 * inside them pass through unbuffered, errors nginx makes itself are the catalogue's JSON.
 * Pure: writing, checking and running it is nginx-process.ts's job.
 */
export function renderNginxConf(config: Readonly<GatewayConfig>, layout: NginxLayout): string {
  const p = (name: string) => join(layout.prefix, name);
  const accessLog = layout.accessLog
    ? // Buffered: one write(2) per 4 KiB of lines instead of one per request. No more: every
      // worker writes to the one FIFO, and only writes of up to PIPE_BUF (4 KiB on Linux) are
      // atomic, so larger ones from two workers could interleave mid-line.
      `access_log ${quote(layout.accessLog)} gateway buffer=4k flush=1s;`
    : 'access_log off;';
  const upstreams: Record<Upstream, readonly string[]> = {
    ticketing: [config.TICKETING_URL],
    booking: [config.BOOKING_URL],
    seat: config.SEAT_URLS,
  };
  const apps = Object.keys(APP_NAMES) as Upstream[];
  const openFiles = Math.max(1024, Math.min(65_536, layout.maxOpenFiles ?? 65_536));

  return lines(
    '# Rendered by apps/gateway (nginx-config.ts) from its config and route table; edits are lost.',
    'daemon off;',
    'master_process on;',
    `worker_processes ${config.GATEWAY_WORKERS};`,
    layout.user ? `user ${layout.user.name} ${layout.user.group};` : '',
    `pid ${quote(p('nginx.pid'))};`,
    `error_log stderr ${ERROR_LOG_LEVEL[config.LOG_LEVEL]};`,
    // A graceful quit waits for open requests; an SSE stream never ends by itself.
    'worker_shutdown_timeout 3s;',
    // Each seat-map viewer holds two connections (browser and upstream) for as long as it
    // watches, and each upstream keeps up to 1,024 idle ones: an on-sale audience needs far more
    // than nginx's 512. As many as the open-file limit allows (asking for more than the hard
    // limit makes nginx log an alert at every start), with room for logs and static files.
    `worker_rlimit_nofile ${openFiles};`,
    `events { worker_connections ${Math.min(30_000, openFiles - 256)}; }`,
    block(
      'http',
      'server_tokens off;',
      block('types', ...Object.entries(MIME_TYPES).map(([type, exts]) => `${type} ${exts};`)),
      'default_type application/octet-stream;',
      'sendfile on;',
      'keepalive_timeout 65s;',
      'keepalive_requests 100000;',
      // Chunked bodies too: nginx reads a request's whole body (proxy_request_buffering) before
      // it sends it upstream, so one above the limit never reaches an app.
      `client_max_body_size ${config.GATEWAY_BODY_LIMIT_BYTES};`,
      'client_body_buffer_size 128k;',
      `client_body_temp_path ${quote(p('client_body'))};`,
      `proxy_temp_path ${quote(p('proxy'))};`,
      ...(layout.tempPaths ?? []).map((m) => `${m}_temp_path ${quote(p(m))};`),
      // The client's request id is kept, else nginx makes one (32 hex digits).
      block(
        'map $http_x_request_id $gateway_request_id',
        '"" $request_id;',
        'default $http_x_request_id;',
      ),
      // The path for a 404's message, only when it is plain enough to sit in a JSON string.
      block(
        'map $request_uri $gateway_path',
        `${quote('~^(?<gateway_raw_path>[\\w./~:@!&()*+,;=%-]*)(\\?|$)')} $gateway_raw_path;`,
        'default "(path not shown)";',
      ),
      `log_format gateway escape=json '${ACCESS_LOG_LINE}';`,
      accessLog,
      ...apps.map((u) => upstreamBlock(u, upstreams[u])),
      block(
        'server',
        `listen ${listenAddress(config.HOST, config.PORT)};`,
        'server_name _;',
        layout.webDist ? `root ${quote(layout.webDist)};` : '',
        ...ownErrorPages(),
        // The API's headers: every location that adds none of its own (the API, /health,
        // /ready, the gateway's JSON errors) inherits them; the UI's locations list theirs.
        ...responseHeaders('api'),
        // Inherited by every proxied location (each adds only proxy_pass and its error pages).
        'proxy_http_version 1.1;',
        'proxy_set_header Connection "";',
        'proxy_set_header X-Request-Id $gateway_request_id;',
        'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
        // The response carries the id and the security headers once, from add_header above.
        'proxy_hide_header X-Request-Id;',
        ...SECURITY_HEADER_NAMES.map((name) => `proxy_hide_header ${name};`),
        'proxy_connect_timeout 5s;',
        `proxy_read_timeout ${config.UPSTREAM_HEADERS_TIMEOUT_MS}ms;`,
        // Only the seat routes have more than one server; GETs, so a retry is safe.
        'proxy_next_upstream error timeout;',
        block('location = /health', jsonReturn(200, '{"status":"ok"}')),
        block('location = /ready', jsonReturn(200, '{"status":"ready","checks":{}}')),
        ...ROUTES.map(({ pattern, upstream }) =>
          apiLocation(pattern, upstream, schemeOf(upstreams[upstream])),
        ),
        // Under /api but matched by no route above.
        ...['location = /api', 'location /api/'].map((l) =>
          block(
            l,
            jsonError(404, 'GATEWAY_ROUTE_NOT_FOUND', 'no route $request_method $gateway_path'),
          ),
        ),
        ...staticLocations(layout.webDist),
        ...OWN_ERRORS.map((e) =>
          block(
            `location ${e.early ? '= ' : ''}${errorTarget(e)}`,
            e.early ? 'internal;' : '',
            jsonError(
              e.status,
              e.code,
              typeof e.message === 'string' ? e.message : e.message(config),
            ),
          ),
        ),
        ...apps.map((u) =>
          block(
            `location @unavailable_${u}`,
            jsonReturn(503, JSON.stringify(upstreamUnavailable(APP_NAMES[u]))),
          ),
        ),
      ),
    ),
  );
}

/** A line per request is info; at warn and above (benchmarks, tests) there is none. */
export function wantsAccessLog(level: GatewayConfig['LOG_LEVEL']): boolean {
  return ['trace', 'debug', 'info'].includes(level);
}

/** pino's levels onto nginx's; nginx's info level logs every client that hangs up. */
const ERROR_LOG_LEVEL: Record<GatewayConfig['LOG_LEVEL'], string> = {
  trace: 'info',
  debug: 'info',
  info: 'warn',
  warn: 'warn',
  error: 'error',
  fatal: 'crit',
  silent: 'emerg',
};

/**
 * One JSON line per request (escape=json escapes each value); durations in seconds with ms
 * resolution, as nginx keeps them. upstreamSec is a string: "-" without one, a list on a retry.
 */
const ACCESS_LOG_LINE =
  '{"time":"$time_iso8601","name":"gateway","reqId":"$gateway_request_id",' +
  '"method":"$request_method","url":"$request_uri","status":$status,' +
  '"durationSec":$request_time,"upstream":"$upstream_addr",' +
  '"upstreamSec":"$upstream_response_time","bytes":$body_bytes_sent,"msg":"request completed"}';

function upstreamBlock(upstream: Upstream, urls: readonly string[]): string {
  return block(
    `upstream gateway_${upstream}`,
    ...urls.map(
      (url) =>
        `server ${hostPort(url)}${urls.length > 1 ? ` max_fails=1 fail_timeout=${SEAT_DOWN_FOR}` : ''};`,
    ),
    // Idle connections kept per worker. It must cover the requests in flight at a rush: with
    // 64, 200 buyers in flight made nginx open and close upstream connections all the time and
    // the HTTP p99 of bench:booking went from 430 ms to 1.4 s.
    'keepalive 1024;',
    'keepalive_requests 100000;',
    `keepalive_timeout ${UPSTREAM_IDLE};`,
  );
}

/** A route of the table; inside it its SSE paths, unbuffered and without a read timeout. */
function apiLocation(pattern: RegExp, upstream: Upstream, scheme: string): string {
  if (pattern.flags !== '') throw new Error(`route ${pattern} has flags nginx would not apply`);
  const pass = `proxy_pass ${scheme}://gateway_${upstream};`;
  return block(
    `location ~ ${quote(pattern.source)}`,
    pass,
    ...ownErrorPages(`error_page 502 504 = @unavailable_${upstream};`),
    block(
      `location ~ ${quote(STREAM_PATH.source)}`,
      pass,
      'proxy_buffering off;',
      `proxy_read_timeout ${STREAM_READ_TIMEOUT};`,
      // For a buffering proxy in front of this one, as the node engine does.
      'add_header X-Accel-Buffering no always;',
      // An add_header here drops the server's: they are all listed again.
      ...responseHeaders('api'),
    ),
  );
}

function staticLocations(webDist: string | undefined): string[] {
  if (!webDist) return [block('location /', 'return 404;')];
  // Dotfiles (a stray .env, .git) are never served, as if they were not there; nested, so the
  // rule covers only the UI's locations.
  const noDotfiles = block(`location ~ ${quote(DOTFILE.source)}`, 'return 404;');
  return [
    // The UI routes on the URL hash: / is index.html, and any other file is itself or a 404.
    // The UI's files get its headers; a file that is not there is a JSON 404 from the error
    // locations, with the API's (as in the node engine).
    block('location = /', ...responseHeaders('ui'), 'try_files /index.html =404;'),
    block(
      'location /assets/',
      noDotfiles,
      // Vite names built assets by content hash: they never change, index.html always may.
      'add_header Cache-Control "public, max-age=31536000, immutable";',
      ...responseHeaders('ui'),
      'try_files $uri =404;',
    ),
    block('location /', noDotfiles, ...responseHeaders('ui'), 'try_files $uri =404;'),
  ];
}

/**
 * add_header lines of the request id and the `surface`'s security headers. nginx inherits a
 * server's add_header lines only into locations that have none, so a location that adds one
 * header lists these too.
 */
function responseHeaders(surface: HeaderSurface): string[] {
  return [
    'add_header X-Request-Id $gateway_request_id always;',
    ...Object.entries(securityHeaders(surface)).map(
      ([name, value]) => `add_header ${name} ${quote(value)} always;`,
    ),
  ];
}

/** A path segment that starts with a dot. */
const DOTFILE = /\/\./;

/** error_page lines for nginx's own errors, plus `extra` (a location's list replaces the server's). */
function ownErrorPages(...extra: string[]): string[] {
  return [
    ...OWN_ERRORS.map((e) => `error_page ${e.statuses.join(' ')} = ${errorTarget(e)};`),
    ...extra,
  ];
}

/** Where error_page sends an own error: an internal URI when it may come early, else a name. */
function errorTarget(e: (typeof OWN_ERRORS)[number]): string {
  return `${e.early ? '/_gateway/error/' : '@error_'}${e.status}_${e.code}`;
}

function jsonError(status: number, code: string, message: string): string {
  // Built by hand: message may hold nginx variables ($request_method), which JSON keeps as-is.
  return jsonReturn(status, JSON.stringify({ error: { code, message } }));
}

function jsonReturn(status: number, body: string): string {
  return lines(
    // An error page keeps the request's URI, and nginx types a response by the URI's extension
    // before default_type: without an empty types map, /x.txt's JSON 403 would say text/plain.
    'types { }',
    'default_type "application/json; charset=utf-8";',
    `return ${status} ${quote(body)};`,
  );
}

/** http or https, the same for every server of an upstream (one proxy_pass names one scheme). */
function schemeOf(urls: readonly string[]): string {
  const schemes = new Set(urls.map((url) => new URL(url).protocol.slice(0, -1)));
  if (schemes.size !== 1) throw new Error(`upstreams ${urls.join(', ')} mix http and https`);
  return [...schemes][0]!;
}

function hostPort(url: string): string {
  const u = new URL(url);
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  return `${u.hostname}:${port}`;
}

function listenAddress(host: string, port: number): string {
  // `::` means every address to Node (IPv4 too); nginx needs ipv6only=off to say the same.
  if (host === '::') return `[::]:${port} ipv6only=off`;
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** An nginx string literal: double quotes, with nginx's two escapes (\\ and \"). */
function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function block(head: string, ...body: string[]): string {
  const inner = lines(...body)
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
  return `${head} {\n${inner}\n}`;
}

function lines(...parts: string[]): string {
  return parts.filter(Boolean).join('\n');
}
