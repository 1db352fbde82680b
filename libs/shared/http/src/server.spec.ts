import { createLogger } from '@shared/util';
import { createHttpServer } from './server';

describe('the client address an app sees', () => {
  const server = createHttpServer({ logger: createLogger('test', 'silent') });
  server.get('/whoami', async (request) => ({ ip: request.ip }));

  it('is the forwarded one when the gateway on this host forwards the request', async () => {
    const res = await server.inject({
      method: 'GET',
      url: '/whoami',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    expect(res.json()).toEqual({ ip: '203.0.113.7' });
  });

  it('is the peer itself when a client from elsewhere claims another address', async () => {
    const res = await server.inject({
      method: 'GET',
      url: '/whoami',
      remoteAddress: '198.51.100.9',
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    expect(res.json()).toEqual({ ip: '198.51.100.9' });
  });
});
