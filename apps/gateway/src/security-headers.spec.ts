import { securityHeaders, surfaceOf } from './security-headers';

describe('security headers', () => {
  it('refuse framing, sniffing and referrers on both surfaces', () => {
    for (const surface of ['ui', 'api'] as const) {
      const headers = securityHeaders(surface);
      expect(headers['X-Frame-Options']).toBe('DENY');
      expect(headers['X-Content-Type-Options']).toBe('nosniff');
      expect(headers['Referrer-Policy']).toBe('no-referrer');
      expect(headers['Content-Security-Policy']).toContain("frame-ancestors 'none'");
    }
  });

  it('allow the UI only its own scripts and connections, and JSON nothing', () => {
    expect(securityHeaders('ui')['Content-Security-Policy']).toMatch(/script-src 'self';/);
    expect(securityHeaders('ui')['Content-Security-Policy']).toMatch(/connect-src 'self';/);
    expect(securityHeaders('api')['Content-Security-Policy']).toMatch(/^default-src 'none';/);
  });

  it("takes the UI's set for the UI's files and the API's for the rest, errors included", () => {
    expect(surfaceOf('/', 200)).toBe('ui');
    expect(surfaceOf('/assets/index-1.js?v=1', 304)).toBe('ui');
    expect(surfaceOf('/missing.txt', 404)).toBe('api');
    expect(surfaceOf('/api/events', 200)).toBe('api');
    expect(surfaceOf('/api', 404)).toBe('api');
    expect(surfaceOf('/health', 200)).toBe('api');
    expect(surfaceOf('/apiary', 200)).toBe('ui');
  });
});
