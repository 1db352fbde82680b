import { signPayload, verifySignature } from './webhook-signature';

describe('payment webhook signatures', () => {
  const secret = 'a-webhook-secret-of-some-length';
  const body = '{"type":"PaymentSucceeded"}';
  const now = 1_800_000_000;

  it('accepts a fresh signature of the exact bytes', () => {
    expect(verifySignature(secret, body, signPayload(secret, body, now), now)).toBe(true);
  });

  it('refuses another body, another secret, a stale timestamp and garbage', () => {
    const header = signPayload(secret, body, now);
    expect(verifySignature(secret, `${body} `, header, now)).toBe(false);
    expect(verifySignature('another-secret-of-some-length', body, header, now)).toBe(false);
    expect(verifySignature(secret, body, header, now + 301)).toBe(false);
    expect(verifySignature(secret, body, 't=abc,v1=00', now)).toBe(false);
    expect(verifySignature(secret, body, undefined, now)).toBe(false);
  });
});
