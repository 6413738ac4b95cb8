import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { peerDir } from '../../../test/helpers/shared.js';
import { cataloger, parseJuliaManifest } from './index.js';

const V2 = `# This file is machine-generated - editing it directly is not advised

julia_version = "1.10.4"
manifest_format = "2.0"
project_hash = "0123"

[[deps.Dates]]
deps = ["Printf"]
uuid = "ade2ca70-3891-5945-98fb-dc099432e06a"

[[deps.HTTP]]
deps = ["Base64", "Dates"]
git-tree-sha1 = "d1d712be3164d61d1fb98e7ce9bcbc6cc06b45ed"
uuid = "cd3eb016-35fb-5094-929b-558a96fad6f3"
version = "1.10.16"

    [deps.HTTP.extensions]
    HTTPExt = "Foo"

    [deps.HTTP.weakdeps]
    Foo = "00000000-0000-0000-0000-000000000001"

[[deps.MyDev]]
path = "dev/MyDev"
uuid = "11111111-2222-3333-4444-555555555555"
`;

describe('parseJuliaManifest()', () => {
  it('reads a 2.0 manifest: releases with their version, standard libraries with Julia\'s, checkouts without one', () => {
    const r = parseJuliaManifest('/app/Manifest.toml', V2);
    expect(r.issues).toEqual([]);
    expect(r.packages.map((p) => [p.name, p.version, p.purl])).toEqual([
      ['Dates', '1.10.4', 'pkg:julia/Dates@1.10.4?uuid=ade2ca70-3891-5945-98fb-dc099432e06a'],
      ['HTTP', '1.10.16', 'pkg:julia/HTTP@1.10.16?uuid=cd3eb016-35fb-5094-929b-558a96fad6f3'],
      ['MyDev', '', 'pkg:julia/MyDev?uuid=11111111-2222-3333-4444-555555555555'],
    ]);
    expect(r.packages[0]!.metadata).toEqual({ uuid: 'ade2ca70-3891-5945-98fb-dc099432e06a', stdlib: true });
    expect(r.packages[2]!.metadata).toMatchObject({ path: 'dev/MyDev' });
  });

  it('names bad entries and skips them, and says when the file is not a manifest', () => {
    const r = parseJuliaManifest('/m/Manifest.toml', '[[deps.NoUuid]]\nversion = "1.0.0"\n[[deps.Bad]]\nuuid = "not-a-uuid"\n[[deps.Good]]\nuuid = "ade2ca70-3891-5945-98fb-dc099432e06a"\nversion = "1.0.0"\n');
    expect(r.packages.map((p) => p.name)).toEqual(['Good']);
    expect(r.issues.map((i) => i.code)).toEqual(['JULIA_BAD_ENTRY', 'JULIA_BAD_ENTRY']);
    expect(parseJuliaManifest('/m/Manifest.toml', 'garbage = \u0000\nmore\n').issues.map((i) => i.code)).toEqual(['JULIA_MALFORMED_MANIFEST']);
    expect(parseJuliaManifest('/m/Manifest.toml', '').packages).toEqual([]);
  });

  it('survives hostile input: a huge file of headers, long names, no newline', () => {
    const many = '[[deps.A]]\nuuid = "ade2ca70-3891-5945-98fb-dc099432e06a"\n'.repeat(20_000);
    expect(parseJuliaManifest('/m/Manifest.toml', many).packages).toHaveLength(20_000);
    const long = `[[deps.${'x'.repeat(100_000)}]]\nuuid = "ade2ca70-3891-5945-98fb-dc099432e06a"\n`;
    expect(parseJuliaManifest('/m/Manifest.toml', long).issues[0]!.message.length).toBeLessThan(300);
    expect(parseJuliaManifest('/m/Manifest.toml', '[[deps.A]] uuid = "x"').packages).toEqual([]);
    // A header of blanks without its closing brackets: a backtracking pattern took seconds on 4,000 blanks.
    const started = process.hrtime.bigint();
    expect(parseJuliaManifest('/m/Manifest.toml', `[[${' '.repeat(200_000)}x\n`).packages).toEqual([]);
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(2);
    expect(parseJuliaManifest('/m/Manifest.toml', '[[deps."Quoted"]]\nuuid = "ade2ca70-3891-5945-98fb-dc099432e06a"\n').packages.map((p) => p.name)).toEqual(['Quoted']);
  });

  it('matches the manifest file names Pkg writes', () => {
    const m = (path: string) => cataloger.matches({ path, size: 1, mode: 0o100644 });
    expect(['/a/Manifest.toml', '/a/JuliaManifest.toml', '/a/Manifest-v1.11.toml'].every(m)).toBe(true);
    expect(['/a/Project.toml', '/a/Cargo.toml', '/a/manifest.toml', '/a/Manifest.toml.bak'].some(m)).toBe(false);
  });
});

// Trivy's Julia manifest parser and analyzer test data (../shared/peer/4-pkgdb, aquasecurity/trivy dc3c56e, Apache-2.0).
const parserDir = join(peerDir, '4-pkgdb/trivy/pkg/dependency/parser/julia/manifest');
const analyzerDir = join(peerDir, '4-pkgdb/trivy/pkg/fanal/analyzer/language/julia/pkg');

/** Where Trivy's expectation differs from Drydock's, by fixture, with the reason. */
const DIFFERS: Record<string, string> = {
  'julia_v1.0_format/Manifest.toml': "Foo, Bar and Qux are checked out from a path: Trivy gives them the version 'unknown', Drydock none (a checkout is not a release); Baz has a git-tree-sha1 and no version, likewise.",
  'primary/Manifest_v1.6.toml': "a 1.0-format manifest has no julia_version: Trivy gives standard libraries the version 'unknown', Drydock none.",
  'shadowed_dep_v1.9/Manifest.toml': 'same packages; A and B have no version and no path, so both tools read them as standard libraries of Julia 1.9.0 — equal, listed only if it drifts.',
  'missed-child-dep/Manifest.toml': "Trivy rejects the file (a dependency names a package the manifest lacks); Drydock reports the packages it lists and does not build the dependency graph.",
  'multiple-same-deps/Manifest.toml': 'Trivy rejects the file (two Printf entries make `deps = ["Printf"]` ambiguous); Drydock reports both entries, as Pkg would load them.',
};

function fixtures(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/Manifest.*\.toml$/.test(e.name)) out.push(p);
    }
  };
  if (existsSync(dir)) walk(join(dir, 'testdata'));
  return out.sort();
}

describe.runIf(existsSync(parserDir))("Trivy's Julia manifest cases", () => {
  const cases = JSON.parse(readFileSync(join(parserDir, 'expected.json'), 'utf8')) as { cases: { inputs?: string[]; want: { want?: { Name: string; Version: string; ID: string }[] | null; wantErr?: string } }[] };
  for (const file of fixtures(parserDir)) {
    const rel = file.slice(join(parserDir, 'testdata').length + 1);
    it(rel, () => {
      const c = cases.cases.find((x) => x.inputs?.some((i) => i.endsWith(rel)));
      expect(c, rel).toBeDefined();
      const want = (c!.want.wantErr ? null : (c!.want.want ?? [])) as { Name: string; Version: string; ID: string }[] | null;
      const got = parseJuliaManifest(`/${rel}`, readFileSync(file, 'utf8')).packages.map((p) => `${p.name}@${p.version}#${String(p.metadata?.uuid)}`).sort();
      const same = want !== null && JSON.stringify(got) === JSON.stringify(want.map((w) => `${w.Name}@${w.Version}#${w.ID}`).sort());
      if (rel in DIFFERS && rel !== 'shadowed_dep_v1.9/Manifest.toml') expect(same, `${rel} is listed as a difference but now matches`).toBe(false);
      else expect({ rel, got }).toEqual({ rel, got: want!.map((w) => `${w.Name}@${w.Version}#${w.ID}`).sort() });
    });
  }
});

describe.runIf(existsSync(analyzerDir))("Trivy's Julia analyzer fixtures", () => {
  it('reads the same packages from each Manifest.toml the analyzer cases use', () => {
    const files = fixtures(analyzerDir);
    expect(files.length).toBeGreaterThanOrEqual(3);
    const happy = files.find((f) => f.includes('/happy/'))!;
    const r = parseJuliaManifest('/happy/Manifest.toml', readFileSync(happy, 'utf8'));
    expect(r.issues).toEqual([]);
    expect(r.packages.length).toBeGreaterThan(0);
    expect(r.packages.every((p) => /^pkg:julia\//.test(p.purl))).toBe(true);
  });
});
