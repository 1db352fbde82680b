import { startTicketing, signUp, type Harness } from './harness';

/** Sign-up, login, logout and me against the real PostgreSQL and Redis. */
describe('accounts', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startTicketing({ LOGIN_ATTEMPTS_PER_ACCOUNT: '5' });
  });
  afterAll(() => h.close());

  const register = (payload: object) =>
    h.app.inject({ method: 'POST', url: '/api/auth/register', payload });

  it('registers a buyer (201) and refuses the same email again (409), whatever its case', async () => {
    const body = {
      email: 'ann@example.com',
      password: 'secret password',
      role: 'buyer',
      name: 'Ann',
    };
    const first = await register(body);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({
      id: expect.stringMatching(/^usr_/),
      email: 'ann@example.com',
      name: 'Ann',
      role: 'buyer',
    });
    expect(first.body).not.toContain('secret password');
    expect(first.body).not.toContain('scrypt');
    const again = await register({ ...body, email: 'ANN@example.com' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('TICKETING_EMAIL_TAKEN');
  });

  it('refuses an unknown role and a short password with 400', async () => {
    const bad = await register({ email: 'x@example.com', password: 'p', role: 'admin', name: 'X' });
    expect(bad.statusCode).toBe(400);
  });

  it('logs in with a token and an httpOnly cookie; me answers who the token belongs to', async () => {
    await register({
      email: 'sam@example.com',
      password: 'sellers pass',
      role: 'seller',
      name: 'Sam',
    });
    const login = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'sam@example.com', password: 'sellers pass' },
    });
    expect(login.statusCode).toBe(200);
    const { token, user } = login.json();
    expect(user).toMatchObject({ email: 'sam@example.com', role: 'seller' });
    const cookie = login.cookies.find((c) => c.name === 'token');
    expect(cookie).toMatchObject({ value: token, httpOnly: true, sameSite: 'Lax', path: '/' });
    const viaHeader = await h.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(viaHeader.json()).toEqual(user);
    const viaCookie = await h.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      cookies: { token },
    });
    expect(viaCookie.statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    await register({
      email: 'kim@example.com',
      password: 'kims password',
      role: 'buyer',
      name: 'Kim',
    });
    const wrong = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'kim@example.com', password: 'not kims password' },
    });
    const unknown = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'nobody@example.com', password: 'whatever' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('refuses a logged-out token (401), though it has not expired', async () => {
    const buyer = await signUp(h.app, 'buyer');
    const headers = { authorization: buyer.authorization };
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(
      200,
    );
    const out = await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers });
    expect(out.statusCode).toBe(204);
    const after = await h.app.inject({ method: 'GET', url: '/api/auth/me', headers });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('AUTH_UNAUTHORIZED');
  });

  it('rate-limits login attempts per account (429), leaving other accounts alone', async () => {
    const attempt = (email: string) =>
      h.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password: 'guess' },
      });
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await attempt('target@example.com')).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await attempt('target@example.com')).json().error.code).toBe('AUTH_RATE_LIMITED');
    expect((await attempt('other@example.com')).statusCode).toBe(401);
  });
});
