import Redis from 'ioredis';
import { testNamespace } from '@shared/testing';
import { createTokenService } from '../src';

/** Tokens against the real Redis: revocation must survive across app instances. */
describe('access tokens', () => {
  const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
  const prefix = `${testNamespace()}:`;
  const service = createTokenService({
    secret: 'test-secret-that-is-long-enough-000',
    redis,
    keyPrefix: prefix,
    ttlSeconds: 60,
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('issues a token that verifies with its role, until it is revoked', async () => {
    const { token, claims } = await service.issue({ id: 'u1', role: 'seller' });
    expect(await service.verify(token)).toMatchObject({ sub: 'u1', role: 'seller' });
    await service.revoke(claims);
    expect(await service.verify(token)).toBeUndefined();
    expect(await redis.ttl(`${prefix}auth:revoked:${claims.jti}`)).toBeGreaterThan(0);
  });

  it('refuses a token signed with another secret or tampered with', async () => {
    const other = createTokenService({
      secret: 'another-secret-that-is-long-enough-1',
      redis,
      keyPrefix: prefix,
    });
    const { token } = await other.issue({ id: 'u2', role: 'buyer' });
    expect(await service.verify(token)).toBeUndefined();
    const { token: mine } = await service.issue({ id: 'u2', role: 'buyer' });
    const [h, p, s] = mine.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), role: 'seller' }),
    ).toString('base64url');
    expect(await service.verify(`${h}.${forged}.${s}`)).toBeUndefined();
  });
});
