import { z } from 'zod';
import { ConfigError, parseEnv } from './env';
import { DEMO_RULES, DEV_ONLY_DEMO_PASSWORD, productionProblems, secretRule } from './production';

const rules = [secretRule('SECRET', 'dev-secret'), ...DEMO_RULES];

describe('production mode', () => {
  it('checks nothing outside production', () => {
    expect(productionProblems({}, rules)).toEqual([]);
    expect(productionProblems({ NODE_ENV: 'development' }, rules)).toEqual([]);
  });

  it('lists every development default at once: an unset or published secret, the demo seed and its password', () => {
    const problems = productionProblems({ NODE_ENV: 'production' }, rules);
    expect(problems).toEqual([
      expect.stringMatching(/^SECRET: unset/),
      expect.stringMatching(/^DEMO_SEED: /),
      expect.stringMatching(/^DEMO_PASSWORD: unset/),
    ]);
    expect(
      productionProblems(
        { NODE_ENV: 'production', SECRET: 'dev-secret', DEMO_PASSWORD: DEV_ONLY_DEMO_PASSWORD },
        rules,
      ),
    ).toEqual([
      expect.stringMatching(/^SECRET: is the development-only default/),
      expect.stringMatching(/^DEMO_SEED: /),
      expect.stringMatching(/^DEMO_PASSWORD: is the development-only default/),
    ]);
  });

  it('accepts real values with the demo seed off', () => {
    expect(
      productionProblems({ NODE_ENV: 'production', SECRET: 'a real one', DEMO_SEED: '0' }, rules),
    ).toEqual([]);
  });

  it('parseEnv reports the schema problems and the production ones together', () => {
    const schema = z.object({ PORT: z.coerce.number().int() });
    try {
      parseEnv(schema, { NODE_ENV: 'production', PORT: 'eighty' }, { production: rules });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems;
      expect(problems).toHaveLength(4);
      expect(problems[0]).toMatch(/^PORT/);
    }
  });
});
