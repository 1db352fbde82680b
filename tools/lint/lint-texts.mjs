// Lints in-memory sources as if they were files at the given paths, with the workspace's
// eslint.config.mjs. Reads [{file, code}] as JSON on stdin, prints [{file, messages}] as JSON.
// (A child process because ESLint loads its ESM config with dynamic import, which jest's
// CommonJS runtime cannot do.)
import { ESLint } from 'eslint';
import { createProjectGraphAsync } from '@nx/devkit';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const input = JSON.parse(
  await new Promise((resolve) => {
    let text = '';
    process.stdin.on('data', (chunk) => (text += chunk));
    process.stdin.on('end', () => resolve(text));
  }),
);
// The boundary rule reads Nx's cached project graph and silently skips without one: build it first.
process.chdir(root);
await createProjectGraphAsync({ exitOnError: true });
const eslint = new ESLint({ cwd: root });
const out = [];
for (const { file, code } of input) {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  out.push({
    file,
    messages: (result?.messages ?? []).map((m) => ({ ruleId: m.ruleId, message: m.message })),
  });
}
process.stdout.write(JSON.stringify(out));
