import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import semver from 'semver';

/**
 * Checks that package-lock.json can be installed with `npm ci` as it is, on every developer's
 * machine and CI, so an install never rewrites it:
 * - in sync: every dependency of package.json and of each workspace's package.json is declared
 *   by the lock as in package.json and resolves in the lock to a version its range accepts
 *   (otherwise `npm ci` refuses to install, or the next `npm install` rewrites the lock);
 * - complete: each native package (one whose optional dependencies are per-platform builds,
 *   packages with os/cpu fields, as @swc/core or esbuild) has all of its optional dependencies
 *   in the lock, and a build for each of the major platforms. npm/cli#4828: an `npm install`
 *   over a node_modules that lacks other platforms' builds writes a lock without them, which
 *   then pins nothing for a macOS or Windows developer and is rewritten by a fresh install.
 *
 * Run by `npm test` (tools/test.sh) as `npx tsx tools/lock/check-lock.ts`; exits 1 with the
 * problems and how to fix them.
 */

export type Deps = Record<string, string>;

export interface Manifest {
  name?: string;
  version?: string;
  workspaces?: string[] | { packages?: string[] };
  dependencies?: Deps;
  devDependencies?: Deps;
  optionalDependencies?: Deps;
  peerDependencies?: Deps;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

export interface LockEntry extends Manifest {
  link?: boolean;
  resolved?: string;
  os?: string[];
  cpu?: string[];
  libc?: string[];
}

export interface Lock {
  lockfileVersion?: number;
  packages?: Record<string, LockEntry>;
}

export interface Platform {
  os: string;
  cpu: string;
  libc?: string;
}

/** What developers and CI run on: a native package needs a build in the lock for each. */
export const MAJOR_PLATFORMS: readonly Platform[] = [
  { os: 'linux', cpu: 'x64', libc: 'glibc' },
  { os: 'linux', cpu: 'arm64', libc: 'glibc' },
  { os: 'darwin', cpu: 'x64' },
  { os: 'darwin', cpu: 'arm64' },
  { os: 'win32', cpu: 'x64' },
];

const DEP_FIELDS = [
  'dependencies',
  'devDependencies',
  'optionalDependencies',
  'peerDependencies',
] as const;

const REGENERATE =
  'Regenerate it from scratch and commit it: rm -rf node_modules && npm install (an npm install over an existing node_modules leaves other platforms\u2019 packages out, npm/cli#4828).';

export const platformName = (p: Platform): string =>
  `${p.os}-${p.cpu}${p.libc ? ` (${p.libc})` : ''}`;

/** npm's own rule (npm-install-checks): none of the negated values, one of the others if any. */
function listAccepts(list: string[] | undefined, value: string | undefined): boolean {
  if (!list || list.length === 0 || (list.length === 1 && list[0] === 'any')) return true;
  if (value === undefined) return false;
  let positives = 0;
  let match = false;
  for (const entry of list) {
    if (entry.startsWith('!')) {
      if (entry.slice(1) === value) return false;
    } else {
      positives++;
      match ||= entry === value;
    }
  }
  return positives === 0 || match;
}

export function installsOn(entry: LockEntry, p: Platform): boolean {
  return (
    listAccepts(entry.os, p.os) &&
    listAccepts(entry.cpu, p.cpu) &&
    (!entry.libc?.length || (p.os === 'linux' && listAccepts(entry.libc, p.libc)))
  );
}

const isPlatformSpecific = (entry: LockEntry): boolean =>
  Boolean(entry.os?.length || entry.cpu?.length || entry.libc?.length);

/** The lock key of the package `name` as Node resolves it from the package at lock key `from`. */
function resolveKey(
  packages: Record<string, LockEntry>,
  from: string,
  name: string,
): string | undefined {
  let dir = from;
  for (;;) {
    const key = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[key]) return key;
    if (!dir) return undefined;
    // Up one package: a/node_modules/b -> a, apps/web -> '' (workspaces resolve from the root).
    const i = dir.lastIndexOf('/node_modules/');
    dir = i >= 0 ? dir.slice(0, i) : '';
  }
}

/** A link (a workspace) stands for the package it points at. */
function target(packages: Record<string, LockEntry>, key: string): LockEntry {
  const entry = packages[key]!;
  return entry.link && entry.resolved !== undefined ? (packages[entry.resolved] ?? entry) : entry;
}

/** Checks a dependency's range against a locked version; ranges that are not semver (git, file:, tags) only need to be there. */
function rangeProblem(spec: string, name: string, locked: LockEntry): string | undefined {
  let range = spec;
  if (spec.startsWith('npm:')) {
    const at = spec.lastIndexOf('@');
    const alias = at > 4 ? spec.slice(4, at) : spec.slice(4);
    range = at > 4 ? spec.slice(at + 1) : '*';
    if (locked.name && locked.name !== alias) return `is locked as ${locked.name}, not ${alias}`;
  }
  if (range === '' || range === '*' || semver.validRange(range, { loose: true }) === null) return;
  if (!locked.version) return `has no version in the lock (wants ${spec})`;
  if (!semver.satisfies(locked.version, range, { loose: true })) {
    return `wants ${spec} but the lock has ${locked.version}`;
  }
  return undefined;
}

/**
 * The problems of `lock` against `manifests` (lock key -> package.json: '' for the root, the
 * workspace's folder for each workspace). Empty when the lock is fine.
 */
export function checkLock(lock: Lock, manifests: ReadonlyMap<string, Manifest>): string[] {
  const problems: string[] = [];
  const packages = lock.packages;
  if (!packages || (lock.lockfileVersion ?? 0) < 2) {
    return [`package-lock.json has lockfileVersion ${lock.lockfileVersion}: run npm install.`];
  }

  // In sync with package.json and the workspaces' package.json.
  for (const [path, manifest] of manifests) {
    const where = path === '' ? 'package.json' : `${path}/package.json`;
    const entry = packages[path];
    if (!entry) {
      problems.push(`${where}: the lock has no entry for "${path}" (a new workspace?)`);
      continue;
    }
    if (path !== '' && manifest.name) {
      const link = packages[`node_modules/${manifest.name}`];
      if (!link?.link || link.resolved !== path) {
        problems.push(`${where}: the lock does not link ${manifest.name} to ${path}`);
      }
    }
    for (const field of DEP_FIELDS) {
      const wanted = manifest[field] ?? {};
      const declared = entry[field] ?? {};
      for (const [name, spec] of Object.entries(wanted)) {
        const key = resolveKey(packages, path, name);
        const optionalPeer =
          field === 'peerDependencies' && manifest.peerDependenciesMeta?.[name]?.optional;
        if (!key && !optionalPeer) {
          problems.push(`${where}: ${field} has ${name}@${spec}, which is not in the lock`);
          continue;
        }
        if (declared[name] !== spec) {
          problems.push(
            declared[name] === undefined
              ? `${where}: ${field} has ${name}@${spec}, which the lock does not list`
              : `${where}: ${field} has ${name}@${spec}, the lock has ${name}@${declared[name]}`,
          );
        }
        const why = key && rangeProblem(spec, name, target(packages, key));
        if (why) problems.push(`${where}: ${name} ${why}`);
      }
      for (const name of Object.keys(declared)) {
        if (!(name in wanted)) {
          problems.push(`${where}: the lock lists ${field} ${name}, which package.json does not`);
        }
      }
    }
  }

  // Complete: every platform's build of each native package.
  for (const [key, entry] of Object.entries(packages)) {
    const optional = Object.entries(entry.optionalDependencies ?? {});
    if (!key || entry.link || optional.length === 0) continue;
    const present = optional.flatMap(([name, spec]) => {
      const found = resolveKey(packages, key, name);
      return found ? [{ name, spec, entry: packages[found]! }] : [];
    });
    const builds = present.filter((p) => isPlatformSpecific(p.entry));
    if (builds.length === 0) continue; // not a native package
    const pkg = entry.name ?? key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const missing = optional.filter(([name]) => !present.some((p) => p.name === name));
    if (missing.length > 0) {
      problems.push(
        `${pkg}: the lock lacks its optional packages ${missing.map(([n]) => n).join(', ')}`,
      );
    }
    for (const p of builds) {
      const why = rangeProblem(p.spec, p.name, p.entry);
      if (why) problems.push(`${pkg}: its optional package ${p.name} ${why}`);
    }
    // Per-platform builds (not a lone helper such as fsevents for tsx): one for each major platform.
    if (builds.length < 2) continue;
    const uncovered = MAJOR_PLATFORMS.filter((pl) => !builds.some((b) => installsOn(b.entry, pl)));
    if (uncovered.length > 0) {
      problems.push(`${pkg}: the lock has no build for ${uncovered.map(platformName).join(', ')}`);
    }
  }
  return problems;
}

/** The folders that the workspaces globs of package.json name (only `*` segments, as npm's). */
export function workspaceFolders(root: string, patterns: string[]): string[] {
  const folders = new Set<string>();
  for (const pattern of patterns) {
    let dirs = [''];
    for (const segment of posix.normalize(pattern).split('/').filter(Boolean)) {
      if (!segment.includes('*')) {
        dirs = dirs.map((d) => (d ? `${d}/${segment}` : segment));
        continue;
      }
      const re = new RegExp(`^${segment.split('*').map(escapeRegExp).join('[^/]*')}$`);
      dirs = dirs.flatMap((d) =>
        existsSync(join(root, d))
          ? readdirSync(join(root, d), { withFileTypes: true })
              .filter((e) => e.isDirectory() && e.name !== 'node_modules' && re.test(e.name))
              .map((e) => (d ? `${d}/${e.name}` : e.name))
          : [],
      );
    }
    for (const d of dirs) if (existsSync(join(root, d, 'package.json'))) folders.add(d);
  }
  return [...folders].sort();
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** package.json and each workspace's, by lock key. */
export function readManifests(root: string): Map<string, Manifest> {
  const rootManifest = readJson<Manifest>(join(root, 'package.json'));
  const ws = rootManifest.workspaces;
  const patterns = Array.isArray(ws) ? ws : (ws?.packages ?? []);
  const manifests = new Map<string, Manifest>([['', rootManifest]]);
  for (const folder of workspaceFolders(root, patterns)) {
    manifests.set(folder, readJson<Manifest>(join(root, folder, 'package.json')));
  }
  return manifests;
}

/** `tsx tools/lock/check-lock.ts [root]`: the workspace root by default. */
function main(): void {
  const root = process.argv[2] ?? join(__dirname, '..', '..');
  const problems = checkLock(readJson<Lock>(join(root, 'package-lock.json')), readManifests(root));
  if (problems.length === 0) {
    console.log(
      'package-lock.json is in sync with package.json and has every platform\u2019s build',
    );
    return;
  }
  console.error(
    [
      `package-lock.json cannot be installed as it is (${problems.length} problem${problems.length === 1 ? '' : 's'}):`,
      ...problems.map((p) => `  - ${p}`),
      '',
      'Out of sync: run npm install and commit package-lock.json with package.json.',
      `Missing platforms' packages: ${REGENERATE}`,
    ].join('\n'),
  );
  process.exitCode = 1;
}

if (require.main === module) main();
