import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The architecture rules are only worth something if breaking them fails the build. Lint
 * deliberate violations, as if they were files in the projects, and expect the rule to fire.
 */
const IO = ['kafkajs', 'rocksdb', 'level-rocksdb', 'pg', '@prisma/client', 'ioredis', 'fastify'];
const cases = [
  ...IO.map((pkg) => ({
    name: `domain imports ${pkg}`,
    file: 'libs/seat/domain/src/violation.ts',
    code: `import * as io from '${pkg}';\nexport const x = io;\n`,
  })),
  {
    name: 'app imports app',
    file: 'apps/booking/src/violation.ts',
    code: `import { buildApp } from '@apps/seat-reservation';\nexport const x = buildApp;\n`,
  },
  {
    name: 'shared imports seat scope',
    file: 'libs/shared/contracts/src/violation.ts',
    code: `import { execute } from '@seat/domain';\nexport const x = execute;\n`,
  },
  {
    name: 'domain imports zod',
    file: 'libs/seat/domain/src/fine.ts',
    code: `import { z } from 'zod';\nexport const x = z;\n`,
  },
];

let results: Map<string, string[]>;
beforeAll(() => {
  const out = execFileSync(process.execPath, [join(__dirname, 'lint-texts.mjs')], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false' },
    cwd: join(__dirname, '..', '..'),
  });
  const parsed = JSON.parse(out) as { messages: { ruleId: string | null; message: string }[] }[];
  results = new Map(
    cases.map((c, i) => [
      c.name,
      parsed[i]!.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map(
        (m) => m.message,
      ),
    ]),
  );
});

describe('module boundaries', () => {
  it.each(IO)('fail lint when a domain lib imports %s', (pkg) => {
    expect(results.get(`domain imports ${pkg}`)!.join('\n')).toContain(pkg);
  });

  it('fail lint when an app imports another app', () => {
    expect(results.get('app imports app')!.length).toBeGreaterThan(0);
  });

  it('fail lint when a shared lib imports a scoped lib', () => {
    expect(results.get('shared imports seat scope')!.length).toBeGreaterThan(0);
  });

  it('let a domain lib import what it may', () => {
    expect(results.get('domain imports zod')).toEqual([]);
  });
});
