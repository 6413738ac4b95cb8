/**
 * Peer fixtures: trivy's nodejs parser testdata and syft's javascript cataloger testdata, with the golden package
 * lists transcribed beside each fixture (../shared/peer/4-pkgdb, see its README.md for commits and licences).
 * Compares name@version sets, licences where the peer states them, and trivy's dev flags.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { peerDir } from '../../../test/helpers/shared.js';
import type { FileParseResult } from '../types.js';
import { parseInstalledPackageJson } from './package-json.js';
import { parsePackageLock } from './package-lock.js';
import { parsePnpmLock } from './pnpm-lock.js';
import { parseYarnLock } from './yarn-lock.js';

const root = join(peerDir, '4-pkgdb');
const trivy = join(root, 'trivy/pkg/dependency/parser/nodejs');
const syft = join(root, 'syft/syft/pkg/cataloger/javascript/testdata');

interface PeerPackage {
  name: string;
  version?: string;
  licenses?: string[];
}
interface PeerCase {
  test: string;
  kind: string;
  packages: PeerPackage[];
}

function parserFor(file: string): ((path: string, text: string) => FileParseResult) | undefined {
  const b = basename(file);
  if (file.includes('/packagejson/') || file.includes('/pkg-json/')) return parseInstalledPackageJson;
  if (b.endsWith('.json') && (b.includes('lock') || b.includes('shrinkwrap'))) return parsePackageLock;
  if (b.endsWith('.lock') && b.startsWith('yarn')) return parseYarnLock;
  if (b.endsWith('.yaml') && b.startsWith('pnpm')) return parsePnpmLock;
  return undefined;
}

function listExpected(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop() as string;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.name.endsWith('.expected.json')) out.push(p);
    }
  }
  return out.sort();
}

// Cases whose expectation we deliberately do not share, with the reason.
const SKIP: Record<string, string> = {
  'without_version_package.json': 'an installed package.json without a version gives an issue here, not a version-less package',
};

/**
 * Expected entries we deliberately do not report (fixture path relative to 4-pkgdb → ids and reason).
 * Every one is the project itself, a non-registry source, or a name the peer derives from a download URL.
 */
const TOLERATED_MISSING: Record<string, { ids: string[]; reason: string }> = {
  'trivy/pkg/dependency/parser/nodejs/pnpm/testdata/pnpm-lock_v9.yaml': { ids: ['package1@'], reason: 'a file: workspace package without a version' },
  'syft/syft/pkg/cataloger/javascript/testdata/pkg-lock/package-lock-2.json': { ids: ['npm@6.14.6'], reason: 'the project itself ("" entry)' },
  'syft/syft/pkg/cataloger/javascript/testdata/pkg-lock/package-lock-3.json': { ids: ['lock-v3-fixture@1.0.0'], reason: 'the project itself ("" entry)' },
  'syft/syft/pkg/cataloger/javascript/testdata/pkg-lock/array-license-package-lock.json': { ids: ['tmp@1.0.0'], reason: 'the project itself ("" entry)' },
  'syft/syft/pkg/cataloger/javascript/testdata/yarn-berry/yarn.lock': { ids: ['c0n-fab_u.laTION@7.7.7'], reason: 'the workspace project itself' },
  'syft/syft/pkg/cataloger/javascript/testdata/yarn-v1-deps/yarn.lock': {
    ids: ['something-i-made-up@7.7.7', '+c0n-fab_u.laTION@7.7.7'],
    reason: 'syft names the package from its download URL; we use the requested name',
  },
  'syft/syft/pkg/cataloger/javascript/testdata/yarn/yarn.lock': {
    ids: ['something-i-made-up@7.7.7', '+c0n-fab_u.laTION@7.7.7'],
    reason: 'syft names the package from its download URL; we use the requested name',
  },
  'syft/syft/pkg/cataloger/javascript/testdata/pnpm-multi-doc/pnpm-lock.yaml': {
    ids: ['@pnpm/exe.linux-x64@12.0.0-rc.3', 'pnpm@12.0.0-rc.3'],
    reason: 'syft merges the package-manager env document; we follow trivy and read the project document (the last)',
  },
  'syft/syft/pkg/cataloger/javascript/testdata/yarn-dups/yarn.lock': {
    ids: ['@4lolo/resize-observer-polyfill@1.5.2', '+resize-observer-polyfill@1.5.2', 'should-type@1.3.0'],
    reason: 'syft names the package from its download URL; git dependencies are not reported',
  },
};

interface Row {
  label: string;
  fixture: string;
  c: PeerCase;
  parse: (path: string, text: string) => FileParseResult;
  /** trivy leaves dev packages of pnpm v5/v6 locks out; we keep them with metadata.dev, so compare the rest. */
  dropDev: boolean;
}
const rows: Row[] = [];
const skipped: { label: string; reason: string }[] = [];

// trivy: the normalised <fixture>.expected.json lists.
for (const exp of ['npm', 'packagejson', 'yarn', 'pnpm'].flatMap((d) => listExpected(join(trivy, d)))) {
  const fixture = exp.slice(0, -'.expected.json'.length);
  const parse = parserFor(fixture);
  const doc = JSON.parse(readFileSync(exp, 'utf8')) as { cases: PeerCase[] };
  for (const c of doc.cases) {
    const label = `${fixture.slice(root.length + 1)} :: ${c.test}`;
    if (!parse || !existsSync(fixture)) skipped.push({ label, reason: 'fixture absent or not a format this cataloger reads' });
    else if (SKIP[basename(fixture)]) skipped.push({ label, reason: SKIP[basename(fixture)] as string });
    else {
      const dropDev = fixture.includes('/pnpm/') && /^lockfileVersion: '?[56]/m.test(readFileSync(fixture, 'utf8'));
      rows.push({ label, fixture, c, parse, dropDev });
    }
  }
}

// syft: the raw transcription (expected.json in the package dir): `expectedPkgs`/`expected` locals or args.ExpectedPkg.
interface SyftPkg { Name?: string; Version?: string }
const syftRaw = join(syft, '..', 'expected.json');
if (existsSync(syftRaw)) {
  const doc = JSON.parse(readFileSync(syftRaw, 'utf8')) as {
    cases: { func: string; inputs: string[]; locals?: Record<string, unknown>; args?: Record<string, unknown> }[];
  };
  for (const c of doc.cases) {
    const input = c.inputs.length === 1 ? c.inputs[0] : undefined;
    const label = `syft ${c.func} ${c.inputs.join(',')}`;
    const list = (c.locals?.expectedPkgs ?? c.locals?.expected ?? (c.args?.ExpectedPkg ? [c.args.ExpectedPkg] : undefined)) as SyftPkg[] | undefined;
    const fixture = input ? join(syft, '..', input) : '';
    const parse = input ? parserFor(fixture) : undefined;
    if (!input || !parse || !existsSync(fixture) || !list) {
      if (input) skipped.push({ label, reason: !list ? 'no package list in the transcription (helper or sub-test)' : 'not a format this cataloger reads (bun, deno, directory walk)' });
      continue;
    }
    if (c.func.includes('ExcludeDev')) {
      skipped.push({ label, reason: 'syft option to leave dev packages out; we report them with metadata.dev' });
      continue;
    }
    const pkgs = list.filter((p) => typeof p.Name === 'string').map((p) => ({ name: p.Name as string, version: p.Version }));
    // syft leaves dev packages of package-lock files out by default.
    rows.push({ label, fixture, c: { test: c.func, kind: 'func_locals', packages: pkgs }, parse, dropDev: fixture.endsWith('.json') });
  }
}

describe('npm peer fixtures', () => {
  it('has fixtures to run', () => {
    expect(rows.length).toBeGreaterThan(30);
    console.info(`npm peer cases: ${rows.length} run, ${skipped.length} skipped`);
    for (const s of skipped) console.info(`  skipped ${s.label}: ${s.reason}`);
  });

  it.each(rows.map((r) => [r.label, r] as const))('%s', (_label, { fixture, c, parse, dropDev }) => {
    const result = parse(fixture, readFileSync(fixture, 'utf8'));
    const kept = dropDev ? result.packages.filter((p) => p.metadata?.dev !== true) : result.packages;
    const got = kept.map((p) => `${p.name}@${p.version}`).sort();
    const want = [...new Set(c.packages.map((p) => `${p.name}@${p.version ?? ''}`))].sort();
    const tolerated = TOLERATED_MISSING[fixture.slice(root.length + 1)]?.ids ?? [];
    const gotAdj = got.filter((id) => !tolerated.includes(`+${id}`));
    const wantAdj = want.filter((id) => !tolerated.includes(id));
    expect(gotAdj).toEqual(wantAdj);
    for (const w of c.packages) {
      if (!w.licenses) continue;
      const p = result.packages.find((x) => x.name === w.name && x.version === (w.version ?? ''));
      expect(p?.licenses, `${w.name} licences`).toEqual(w.licenses);
    }
  });
});

// trivy's raw transcription keeps the Dev flags the normalised lists leave out.
describe('npm peer dev flags (trivy)', () => {
  const devRows: [string, string, Record<string, boolean>][] = [];
  for (const sub of ['npm', 'pnpm']) {
    const raw = join(trivy, sub, 'expected.json');
    if (!existsSync(raw)) continue;
    const doc = JSON.parse(readFileSync(raw, 'utf8')) as {
      cases: { name?: string; inputs: string[]; packages?: { name: string; version?: string; dev?: boolean }[] }[];
    };
    for (const c of doc.cases) {
      const input = c.inputs[0];
      if (!input || !c.packages?.some((p) => p.dev !== undefined)) continue;
      const flags: Record<string, boolean> = {};
      // Keyed by name@version: trivy's ids carry URLs and peer suffixes for some entries.
      for (const p of c.packages) {
        const id = `${p.name}@${p.version ?? ''}`;
        flags[id] = (flags[id] ?? true) && p.dev === true;
      }
      devRows.push([`${sub}/${input} (${c.name ?? ''})`, join(trivy, sub, input), flags]);
    }
  }
  it.each(devRows)('%s', (_label, fixture, flags) => {
    const parse = parserFor(fixture) as (path: string, text: string) => FileParseResult;
    const result = parse(fixture, readFileSync(fixture, 'utf8'));
    const got: Record<string, boolean> = {};
    for (const p of result.packages) got[`${p.name}@${p.version}`] = p.metadata?.dev === true;
    for (const [id, dev] of Object.entries(flags)) if (id in got) expect(got[id], id).toBe(dev);
    expect(Object.keys(flags).filter((id) => id in got).length).toBeGreaterThan(0);
  });
});
