import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkLock,
  installsOn,
  type Lock,
  type LockEntry,
  type Manifest,
  readManifests,
  workspaceFolders,
} from './check-lock';

const ROOT = join(__dirname, '..', '..');

const build = (os: string, cpu: string, libc?: string): LockEntry => ({
  version: '1.2.0',
  os: [os],
  cpu: [cpu],
  ...(libc ? { libc: [libc] } : {}),
});

const BUILDS: Record<string, LockEntry> = {
  'native-linux-x64-gnu': build('linux', 'x64', 'glibc'),
  'native-linux-x64-musl': build('linux', 'x64', 'musl'),
  'native-linux-arm64-gnu': build('linux', 'arm64', 'glibc'),
  'native-darwin-x64': build('darwin', 'x64'),
  'native-darwin-arm64': build('darwin', 'arm64'),
  'native-win32-x64': build('win32', 'x64'),
};

/** A small workspace whose lock is right: a native package with every build, a workspace. */
function fixture(): { lock: Lock; manifests: Map<string, Manifest> } {
  const root: Manifest = {
    name: 'root',
    workspaces: ['libs/*'],
    dependencies: { native: '^1.0.0' },
    devDependencies: { tool: '~2.1.0' },
  };
  const lib: Manifest = { name: '@x/a', version: '0.0.0', dependencies: { left: '^3.0.0' } };
  const packages: Record<string, LockEntry> = {
    '': { ...root },
    'libs/a': { ...lib },
    'node_modules/@x/a': { resolved: 'libs/a', link: true },
    'node_modules/left': { version: '3.1.0' },
    // A lone darwin-only helper (as fsevents for tsx) is not a per-platform native package.
    'node_modules/tool': { version: '2.1.4', optionalDependencies: { fsevents: '^2.3.0' } },
    'node_modules/fsevents': { version: '2.3.3', os: ['darwin'] },
    'node_modules/native': {
      version: '1.2.0',
      optionalDependencies: Object.fromEntries(Object.keys(BUILDS).map((n) => [n, '1.2.0'])),
    },
    ...Object.fromEntries(Object.entries(BUILDS).map(([n, e]) => [`node_modules/${n}`, e])),
  };
  return {
    lock: { lockfileVersion: 3, packages: structuredClone(packages) },
    manifests: new Map([
      ['', root],
      ['libs/a', lib],
    ]),
  };
}

const realLock = (): Lock =>
  JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as Lock;

describe('checkLock', () => {
  it('passes a lock in sync with every platform', () => {
    const { lock, manifests } = fixture();
    expect(checkLock(lock, manifests)).toEqual([]);
  });

  it("passes the repository's own lock", () => {
    expect(checkLock(realLock(), readManifests(ROOT))).toEqual([]);
  });

  describe('platforms', () => {
    it('fails a lock that lacks the darwin-arm64 build that the native package names', () => {
      const { lock, manifests } = fixture();
      delete lock.packages!['node_modules/native-darwin-arm64'];
      const problems = checkLock(lock, manifests);
      expect(problems).toContain(
        'native: the lock lacks its optional packages native-darwin-arm64',
      );
      expect(problems).toContain('native: the lock has no build for darwin-arm64');
    });

    it('fails a lock with no darwin-arm64 build even where the package names none', () => {
      const { lock, manifests } = fixture();
      const packages = lock.packages!;
      delete packages['node_modules/native-darwin-arm64'];
      delete packages['node_modules/native']!.optionalDependencies!['native-darwin-arm64'];
      expect(checkLock(lock, manifests)).toEqual([
        'native: the lock has no build for darwin-arm64',
      ]);
    });

    it('fails the real lock without its darwin-arm64 builds, naming each native package', () => {
      const lock = realLock();
      for (const key of Object.keys(lock.packages!)) {
        if (/darwin-arm64/.test(key)) delete lock.packages![key];
      }
      const problems = checkLock(lock, readManifests(ROOT));
      for (const pkg of ['@swc/core', 'esbuild', 'nx', 'unrs-resolver', 'lightningcss']) {
        expect(problems).toContain(`${pkg}: the lock has no build for darwin-arm64`);
      }
      expect(problems.join('\n')).toContain('@swc/core-darwin-arm64');
    });

    it('fails a lock whose linux build is musl only (glibc machines get nothing)', () => {
      const { lock, manifests } = fixture();
      delete lock.packages!['node_modules/native-linux-x64-gnu'];
      delete lock.packages!['node_modules/native']!.optionalDependencies!['native-linux-x64-gnu'];
      expect(checkLock(lock, manifests)).toEqual([
        'native: the lock has no build for linux-x64 (glibc)',
      ]);
    });

    it('fails a build whose version is not the one the native package wants', () => {
      const { lock, manifests } = fixture();
      lock.packages!['node_modules/native-win32-x64']!.version = '1.1.0';
      expect(checkLock(lock, manifests)).toEqual([
        'native: its optional package native-win32-x64 wants 1.2.0 but the lock has 1.1.0',
      ]);
    });
  });

  describe('sync with package.json', () => {
    it('fails when package.json wants a version the lock does not have', () => {
      const { lock, manifests } = fixture();
      manifests.get('')!.devDependencies = { tool: '^3.0.0' };
      expect(checkLock(lock, manifests)).toEqual([
        'package.json: devDependencies has tool@^3.0.0, the lock has tool@~2.1.0',
        'package.json: tool wants ^3.0.0 but the lock has 2.1.4',
      ]);
    });

    it('fails when package.json has a dependency the lock does not', () => {
      const { lock, manifests } = fixture();
      manifests.get('')!.dependencies = { native: '^1.0.0', fresh: '^1.0.0' };
      expect(checkLock(lock, manifests)).toEqual([
        'package.json: dependencies has fresh@^1.0.0, which is not in the lock',
      ]);
    });

    it('fails when package.json dropped a dependency the lock still lists', () => {
      const { lock, manifests } = fixture();
      manifests.get('')!.devDependencies = {};
      expect(checkLock(lock, manifests)).toEqual([
        'package.json: the lock lists devDependencies tool, which package.json does not',
      ]);
    });

    it("fails when a workspace's package.json is out of sync", () => {
      const { lock, manifests } = fixture();
      manifests.get('libs/a')!.dependencies = { left: '^4.0.0' };
      expect(checkLock(lock, manifests)).toEqual([
        'libs/a/package.json: dependencies has left@^4.0.0, the lock has left@^3.0.0',
        'libs/a/package.json: left wants ^4.0.0 but the lock has 3.1.0',
      ]);
    });

    it('fails when a workspace is not in the lock', () => {
      const { lock, manifests } = fixture();
      manifests.set('libs/b', { name: '@x/b', version: '0.0.0' });
      expect(checkLock(lock, manifests)).toEqual([
        'libs/b/package.json: the lock has no entry for "libs/b" (a new workspace?)',
      ]);
    });

    it('fails a range the real lock does not satisfy', () => {
      const manifests = readManifests(ROOT);
      manifests.get('')!.dependencies!['fastify'] = '^99.0.0';
      expect(checkLock(realLock(), manifests)).toContainEqual(
        expect.stringMatching(/^package\.json: fastify wants \^99\.0\.0 but the lock has 5\./),
      );
    });

    it('resolves a nested copy before the hoisted one, and an npm: alias by its target', () => {
      const { lock, manifests } = fixture();
      const lib = manifests.get('libs/a')!;
      lib.dependencies = { left: '^4.0.0', right: 'npm:left@^3.0.0' };
      lock.packages!['libs/a']!.dependencies = { ...lib.dependencies };
      lock.packages!['libs/a/node_modules/left'] = { version: '4.0.1' };
      lock.packages!['libs/a/node_modules/right'] = { name: 'left', version: '3.1.0' };
      expect(checkLock(lock, manifests)).toEqual([]);
    });
  });
});

describe('installsOn', () => {
  it("follows npm's rules for os, cpu and libc lists", () => {
    const linux = { os: 'linux', cpu: 'x64', libc: 'glibc' };
    const mac = { os: 'darwin', cpu: 'arm64' };
    expect(installsOn({ os: ['!win32'] }, linux)).toBe(true);
    expect(installsOn({ os: ['!darwin'] }, mac)).toBe(false);
    expect(installsOn({ os: ['linux'], libc: ['musl'] }, linux)).toBe(false);
    expect(installsOn({ os: ['linux'], cpu: ['x64'], libc: ['glibc'] }, linux)).toBe(true);
    expect(installsOn({ cpu: ['arm64'] }, mac)).toBe(true);
  });
});

describe('check-lock.ts, as npm test runs it', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'check-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (lock: Lock, manifests: Map<string, Manifest>) => {
    for (const [path, manifest] of manifests) {
      mkdirSync(join(dir, path), { recursive: true });
      writeFileSync(join(dir, path, 'package.json'), JSON.stringify(manifest));
    }
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lock));
    try {
      const out = execFileSync(
        process.execPath,
        [require.resolve('tsx/cli'), join(__dirname, 'check-lock.ts'), dir],
        { encoding: 'utf8', stdio: 'pipe' },
      );
      return { code: 0, out };
    } catch (e) {
      const err = e as { status: number; stderr: string };
      return { code: err.status, out: err.stderr };
    }
  };

  it('exits 0 on a good lock', () => {
    const { lock, manifests } = fixture();
    expect(run(lock, manifests).code).toBe(0);
  });

  it('exits 1 with the problems and the fix on a lock without darwin-arm64', () => {
    const { lock, manifests } = fixture();
    delete lock.packages!['node_modules/native-darwin-arm64'];
    const { code, out } = run(lock, manifests);
    expect(code).toBe(1);
    expect(out).toContain('native: the lock has no build for darwin-arm64');
    expect(out).toContain('rm -rf node_modules && npm install');
  });

  it('exits 1 on a lock out of sync', () => {
    const { lock, manifests } = fixture();
    manifests.get('')!.dependencies = { native: '^2.0.0' };
    const { code, out } = run(lock, manifests);
    expect(code).toBe(1);
    expect(out).toContain('native wants ^2.0.0 but the lock has 1.2.0');
  });
});

describe('workspaceFolders', () => {
  it("expands npm's workspaces globs to the folders with a package.json", () => {
    expect(workspaceFolders(ROOT, ['streams', 'libs/seat/*'])).toEqual([
      'libs/seat/adapters',
      'libs/seat/domain',
      'libs/seat/live',
      'streams',
    ]);
  });
});
