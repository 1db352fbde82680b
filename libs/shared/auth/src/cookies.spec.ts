import { parseCookieHeader, tokenCookie } from './cookies';

describe('token cookie', () => {
  it('round-trips a value through Set-Cookie and Cookie, httpOnly and SameSite=Lax', () => {
    const set = tokenCookie('token', 'a.b=c', { expires: new Date(0), secure: true });
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Lax/);
    expect(set).toMatch(/Secure/);
    const pair = set.split(';')[0]!;
    expect(parseCookieHeader(`other=1; ${pair}`)).toEqual({ other: '1', token: 'a.b=c' });
  });

  it('ignores malformed parts', () => {
    expect(parseCookieHeader('=x; ;novalue; a=%E0%A4%A')).toEqual({ a: '%E0%A4%A' });
  });
});
