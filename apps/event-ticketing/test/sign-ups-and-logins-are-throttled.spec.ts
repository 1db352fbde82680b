import { randomBytes, scryptSync } from 'node:crypto';
import { startTicketing, type Harness } from './harness';

/**
 * Abuse limits of accounts against the real Redis and PostgreSQL (issue 21): sign-ups per
 * client address; login attempts per account across every address (a distributed guess) and
 * per address across every account (one address spraying 40 accounts); an old password hash
 * upgraded when its owner logs in. Clients are told apart by address (inject's remoteAddress,
 * or the gateway's X-Forwarded-For from loopback).
 */
describe('sign-ups and logins are throttled', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startTicketing({
      SIGNUPS_PER_ADDRESS: '3',
      LOGIN_ATTEMPTS_PER_ACCOUNT: '5',
      LOGIN_ATTEMPTS_PER_ADDRESS: '8',
    });
  });
  afterAll(() => h.close());

  let n = 0;
  const email = () => `user-${n++}-${randomBytes(3).toString('hex')}@example.com`;
  const register = (from: string, address = email(), headers: Record<string, string> = {}) =>
    h.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      remoteAddress: from,
      headers,
      payload: { email: address, password: 'a long enough password', role: 'buyer', name: 'B' },
    });
  const login = (from: string, address: string, password = 'a wrong password') =>
    h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: from,
      payload: { email: address, password },
    });

  it('refuses the fourth sign-up from one address (429), not one from another address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await register('203.0.113.10')).statusCode);
    expect(codes).toEqual([201, 201, 201, 429]);
    expect((await register('203.0.113.10')).json().error.code).toBe('AUTH_SIGNUP_RATE_LIMITED');
    expect((await register('203.0.113.11')).statusCode).toBe(201);
  });

  it('counts the client behind the gateway, not the gateway', async () => {
    const via = (client: string) => register('127.0.0.1', email(), { 'x-forwarded-for': client });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await via('198.51.100.20')).statusCode);
    expect(codes).toEqual([201, 201, 201, 429]);
    expect((await via('198.51.100.21')).statusCode).toBe(201);
  });

  it('refuses an address that tries 40 accounts once it has tried 8 (429)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 40; i++) codes.push((await login('203.0.113.20', email())).statusCode);
    expect(codes.slice(0, 8)).toEqual(Array(8).fill(401));
    expect(new Set(codes.slice(8))).toEqual(new Set([429]));
    expect((await login('203.0.113.21', email())).statusCode).toBe(401);
  });

  it('locks an account tried from many addresses, even for the right password, until the window ends', async () => {
    const target = email();
    expect((await register('203.0.113.30', target)).statusCode).toBe(201);
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await login(`192.0.2.${i + 1}`, target)).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 401, 429]);
    const right = await login('192.0.2.100', target, 'a long enough password');
    expect(right.statusCode).toBe(429);
    expect(right.json().error.code).toBe('AUTH_RATE_LIMITED');
  });

  it("upgrades an old account's hash (N=2^15, p=1) to today's parameters when its owner logs in", async () => {
    const password = 'an old password';
    const salt = randomBytes(16);
    const key = scryptSync(password, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 << 20 });
    const old = ['scrypt', 2 ** 15, 8, 1, salt.toString('base64'), key.toString('base64')].join(
      '$',
    );
    const address = email();
    await h.runtime.services.prisma.user.create({
      data: { id: `usr_${n++}old`, email: address, name: 'Old', role: 'buyer', passwordHash: old },
    });
    expect((await login('203.0.113.40', address, password)).statusCode).toBe(200);
    const row = await h.runtime.services.prisma.user.findUniqueOrThrow({
      where: { email: address },
    });
    expect(row.passwordHash).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect((await login('203.0.113.41', address, password)).statusCode).toBe(200);
    expect((await login('203.0.113.42', address, 'not it')).statusCode).toBe(401);
  });
});
