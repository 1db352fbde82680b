import { z } from 'zod';
import { ConfigError, InfraEnv, parseEnv } from './env';
import { waitFor } from './time';

describe('parseEnv', () => {
  it('applies development defaults and freezes the result', () => {
    const cfg = parseEnv(InfraEnv, {});
    expect(cfg.KAFKA_PARTITIONS).toBe(10);
    expect(Object.isFrozen(cfg)).toBe(true);
  });

  it('reports every problem at once', () => {
    const schema = z.object({ A: z.coerce.number().int(), B: z.enum(['x', 'y']) });
    try {
      parseEnv(schema, { A: 'one', B: 'z' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toHaveLength(2);
    }
  });
});

describe('waitFor', () => {
  it('names what it waited for when it times out', async () => {
    await expect(
      waitFor('the moon', () => false, { timeoutMs: 50, intervalMs: 10 }),
    ).rejects.toThrow(/the moon/);
  });
});
