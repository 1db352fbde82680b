import { ConfigError } from '@shared/util';
import { loadConfig } from './config';

describe('gateway config', () => {
  it('defaults to the ports npm start gives the apps', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      TICKETING_URL: 'http://127.0.0.1:3002',
      BOOKING_URL: 'http://127.0.0.1:3001',
      SEAT_URLS: ['http://127.0.0.1:3010', 'http://127.0.0.1:3011'],
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads a list of seat nodes', () => {
    expect(loadConfig({ SEAT_URLS: ' http://a:1 , http://b:2,' }).SEAT_URLS).toEqual([
      'http://a:1',
      'http://b:2',
    ]);
  });

  it('runs nginx workers as nobody unless told otherwise, and never as root', () => {
    expect(loadConfig({}).GATEWAY_WORKER_USER).toBe('nobody');
    expect(loadConfig({ GATEWAY_WORKER_USER: 'www-data' }).GATEWAY_WORKER_USER).toBe('www-data');
    for (const bad of ['root', 'a b', 'x;y']) {
      expect(() => loadConfig({ GATEWAY_WORKER_USER: bad })).toThrow(/GATEWAY_WORKER_USER/);
    }
  });

  it("bounds bodies above every app's own limit unless told otherwise", () => {
    // event-ticketing takes layouts of up to 4 MiB; the gateway must never refuse one.
    expect(loadConfig({}).GATEWAY_BODY_LIMIT_BYTES).toBe(5 * 1024 * 1024);
    expect(loadConfig({ GATEWAY_BODY_LIMIT_BYTES: '8388608' }).GATEWAY_BODY_LIMIT_BYTES).toBe(
      8 * 1024 * 1024,
    );
    for (const bad of ['0', '-1', '1.5', 'lots']) {
      expect(() => loadConfig({ GATEWAY_BODY_LIMIT_BYTES: bad })).toThrow(
        /GATEWAY_BODY_LIMIT_BYTES/,
      );
    }
  });

  it('reports every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'x', BOOKING_URL: 'ftp://nope', SEAT_URLS: ',' });
      throw new Error('accepted a bad config');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/BOOKING_URL/);
      expect(problems).toMatch(/SEAT_URLS/);
    }
  });
});
