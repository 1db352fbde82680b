import { loadConfig } from './config';
import { renderNginxConf } from './nginx-config';
import { ROUTES } from './route-table';

const render = (env: Record<string, string> = {}, layout = {}) =>
  renderNginxConf(loadConfig(env), { prefix: '/tmp/gw', ...layout });

/** The regex of every top-level `location ~ "..."`, in the order nginx will try them. */
const regexLocations = (conf: string) =>
  [...conf.matchAll(/^ {4}location ~ "(.*)" \{$/gm)].map((m) => m[1]!.replace(/\\\\/g, '\\'));

describe('the nginx config of the gateway', () => {
  it('routes by the route table: its regexes, in its order; the rest of /api is a JSON 404', () => {
    const conf = render();
    expect(regexLocations(conf)).toEqual(ROUTES.map((r) => r.pattern.source));
    // A prefix location: nginx takes it only when no regex location matched.
    expect(conf).toMatch(/^ {4}location \/api\/ \{(?:[^}]|\{ \})*GATEWAY_ROUTE_NOT_FOUND/m);
    expect(conf).toContain('proxy_pass http://gateway_seat;');
  });

  it('puts every seat node in one upstream, kept alive, skipped for 5 s when it refuses', () => {
    const conf = render({ SEAT_URLS: 'http://10.0.0.1:3010,http://10.0.0.2:3011' });
    expect(conf).toMatch(
      /upstream gateway_seat \{\n\s+server 10\.0\.0\.1:3010 max_fails=1 fail_timeout=5s;\n\s+server 10\.0\.0\.2:3011 max_fails=1 fail_timeout=5s;\n\s+keepalive \d+;/,
    );
    expect(conf).toMatch(/upstream gateway_booking \{\n\s+server 127\.0\.0\.1:3001;\n/);
    expect(conf).toContain('proxy_set_header Connection "";');
  });

  it('listens where Node would: HOST=:: takes IPv4 as well', () => {
    expect(render({ HOST: '::', PORT: '3000' })).toMatch(/^ {4}listen \[::\]:3000 ipv6only=off;$/m);
    expect(render({ HOST: '::1', PORT: '3000' })).toMatch(/^ {4}listen \[::1\]:3000;$/m);
    expect(render({ HOST: '127.0.0.1', PORT: '3000' })).toMatch(/^ {4}listen 127\.0\.0\.1:3000;$/m);
  });

  it('sizes connections to the open-file limit the machine allows, never past it', () => {
    // Past the hard limit nginx cannot raise it, and says so in an alert at every start.
    expect(render({}, { maxOpenFiles: 20_000 })).toMatch(
      /^worker_rlimit_nofile 20000;\nevents \{ worker_connections 19744; \}$/m,
    );
    expect(render({}, { maxOpenFiles: 1_000_000 })).toMatch(
      /^worker_rlimit_nofile 65536;\nevents \{ worker_connections 30000; \}$/m,
    );
  });

  it('streams unbuffered with no read timeout, and nothing else', () => {
    const conf = render({ UPSTREAM_HEADERS_TIMEOUT_MS: '2500' });
    expect(conf).toMatch(/^ {4}proxy_read_timeout 2500ms;$/m);
    const streams = [...conf.matchAll(/location ~ "\\\\\/stream\\\\\/\?\$" \{([^}]*)\}/g)];
    expect(streams).toHaveLength(ROUTES.length);
    for (const [, body] of streams) {
      expect(body).toContain('proxy_buffering off;');
      expect(body).toContain('proxy_read_timeout 1d;');
    }
    expect(conf.match(/proxy_buffering off;/g)).toHaveLength(ROUTES.length);
  });

  it('logs each request as JSON to the given path at info, and none at warn', () => {
    expect(render({ LOG_LEVEL: 'info' }, { accessLog: '/tmp/gw/access.fifo' })).toMatch(
      /access_log "\/tmp\/gw\/access\.fifo" gateway/,
    );
    expect(render({ LOG_LEVEL: 'warn' })).toContain('access_log off;');
    // Workers share the FIFO: a write larger than PIPE_BUF (4 KiB) may interleave with another's.
    const buffer = /access_log .* buffer=(\d+)k/.exec(render({}, { accessLog: '/tmp/gw/a' }));
    expect(Number(buffer?.[1])).toBeLessThanOrEqual(4);
    expect(render()).toContain("log_format gateway escape=json '{");
  });

  it('runs GATEWAY_WORKERS workers in the foreground, without its version on show', () => {
    const conf = render({ GATEWAY_WORKERS: '3' });
    expect(conf).toContain('worker_processes 3;');
    expect(conf).toContain('daemon off;');
    expect(conf).toContain('server_tokens off;');
    // Not root: nginx cannot switch users, and workers run as the gateway does.
    expect(conf).not.toMatch(/^user /m);
  });

  it('hands the workers to the unprivileged user and group a root layout names', () => {
    const conf = render({}, { user: { name: 'nobody', group: 'nogroup' } });
    expect(conf.match(/^user .*$/gm)).toEqual(['user nobody nogroup;']);
  });

  it("answers nginx's own errors as the catalogue's JSON, a 403 included", () => {
    const conf = render({}, { webDist: '/srv/web' });
    expect(conf).toMatch(/^ {4}error_page 403 = @error_403_HTTP_FORBIDDEN;$/m);
    expect(conf).toMatch(
      /location @error_403_HTTP_FORBIDDEN \{\n\s+types \{ \}\n\s+default_type "application\/json; charset=utf-8";\n\s+return 403 "\{\\"error\\":\{\\"code\\":\\"HTTP_FORBIDDEN\\"/,
    );
  });

  it('bounds bodies at GATEWAY_BODY_LIMIT_BYTES and says the limit in its JSON 413', () => {
    const conf = render({ GATEWAY_BODY_LIMIT_BYTES: '1048576' });
    expect(conf).toMatch(/^ {2}client_max_body_size 1048576;$/m);
    expect(conf).toContain(
      'return 413 "{\\"error\\":{\\"code\\":\\"HTTP_BODY_TOO_LARGE\\",\\"message\\":\\"request body is larger than 1048576 bytes\\"}}";',
    );
  });

  it('serves the web UI only when it is built', () => {
    expect(render({}, { webDist: '/srv/web' })).toContain('root "/srv/web";');
    expect(render({}, { webDist: '/srv/web' })).toContain('max-age=31536000, immutable');
    expect(render()).not.toContain('root ');
  });

  it('refuses seat nodes that mix http and https', () => {
    expect(() => render({ SEAT_URLS: 'http://a:1,https://b:2' })).toThrow(/mix http and https/);
  });
});
