import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archivesDir, hasTestImage, imagesRoot, peerDir } from '../../../test/helpers/shared.js';
import type { FileInfo, FileParseResult } from '../types.js';
import { makeZip } from '../java/__fixtures__/make-zip.js';
import { cataloger, classifyPythonPath, parseEggZip } from './index.js';
import { normalizePythonName } from './metadata.js';

const enc = new TextEncoder();
function file(path: string, size = 0): FileInfo {
  return { path, size, mode: 0o100644 };
}
function parse(path: string, text: string): FileParseResult {
  return cataloger.parse(file(path, text.length), enc.encode(text)) as FileParseResult;
}

describe('python cataloger matches()', () => {
  it.each`
    path                                                                   | matched
    ${'/usr/lib/python3/dist-packages/six-1.16.0.egg-info'}                | ${true}
    ${'/usr/lib/python3/dist-packages/Jinja2-3.1.2.egg-info/PKG-INFO'}     | ${true}
    ${'/usr/lib/python3/dist-packages/Jinja2-3.1.2.egg-info/SOURCES.txt'}  | ${false}
    ${'/usr/local/lib/python3.11/site-packages/pip-24.0.dist-info/METADATA'} | ${true}
    ${'/usr/local/lib/python3.11/site-packages/pip-24.0.dist-info/RECORD'} | ${true}
    ${'/usr/local/lib/python3.11/site-packages/pip-24.0.dist-info/WHEEL'}  | ${false}
    ${'/usr/lib/python3/dist-packages/six.py'}                             | ${false}
  `('$path → $matched', ({ path, matched }: { path: string; matched: boolean }) => {
    expect(cataloger.matches(file(path))).toBe(matched);
  });
});

describe('normalizePythonName()', () => {
  it.each`
    name                    | normalised
    ${'Jinja2'}             | ${'jinja2'}
    ${'typing_extensions'}  | ${'typing-extensions'}
    ${'zope.interface'}     | ${'zope-interface'}
    ${'Foo__-.Bar'}         | ${'foo-bar'}
  `('$name → $normalised', ({ name, normalised }: { name: string; normalised: string }) => {
    expect(normalizePythonName(name)).toBe(normalised);
  });
});

describe('python cataloger parse()', () => {
  it('keeps the name as written and normalises it in the purl', () => {
    const r = parse('/usr/lib/python3/dist-packages/typing_extensions-4.4.0.dist-info/METADATA',
      'Metadata-Version: 2.1\nName: typing_extensions\nVersion: 4.4.0\nClassifier: License :: OSI Approved :: Python Software Foundation License\n\nName: not-this\n');
    expect(r.packages).toEqual([{
      type: 'python',
      name: 'typing_extensions',
      version: '4.4.0',
      purl: 'pkg:pypi/typing-extensions@4.4.0',
      licenses: ['Python Software Foundation License'],
      locations: ['/usr/lib/python3/dist-packages/typing_extensions-4.4.0.dist-info/METADATA'],
      metadata: { kind: 'dist-info', path: '/usr/lib/python3/dist-packages/typing_extensions-4.4.0.dist-info' },
    }]);
  });

  it.each`
    label               | text                                          | code
    ${'empty file'}     | ${''}                                         | ${'PYTHON_MALFORMED_METADATA'}
    ${'binary garbage'} | ${'\u0000\u0001\u0002'}                       | ${'PYTHON_MALFORMED_METADATA'}
    ${'no Name'}        | ${'Version: 1.0\n'}                           | ${'PYTHON_MISSING_NAME'}
    ${'no Version'}     | ${'Name: x\n'}                                | ${'PYTHON_MISSING_VERSION'}
    ${'huge Name'}      | ${`Name: ${'a'.repeat(1_000_000)}\nVersion: 1\n`} | ${'PYTHON_MISSING_NAME'}
    ${'truncated'}      | ${'Name: x\nVers'}                            | ${'PYTHON_MISSING_VERSION'}
  `('gives $code for $label', ({ text, code }: { text: string; code: string }) => {
    const r = parse('/x/a-1.dist-info/METADATA', text);
    expect(r.packages).toEqual([]);
    expect(r.issues.map((i) => i.code)).toEqual([code]);
    expect(r.issues[0]?.path).toBe('/x/a-1.dist-info/METADATA');
  });

  it('treats "__proto__" as an ordinary field name', () => {
    const r = parse('/x/a-1.dist-info/METADATA', '__proto__: polluted\nName: a\nVersion: 1\n');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.packages.map((p) => p.name)).toEqual(['a']);
  });

  it('adds RECORD files in finalize, resolving "../" and skipping rows that climb out of the image', () => {
    const dir = '/usr/local/lib/python3.11/site-packages/pip-24.0.dist-info';
    const results = new Map<string, FileParseResult>([
      [`${dir}/METADATA`, parse(`${dir}/METADATA`, 'Name: pip\nVersion: 24.0\n')],
      [`${dir}/RECORD`, parse(`${dir}/RECORD`, 'pip/__init__.py,sha256=x,100\n"pip/a,b.py",,\n../../../bin/pip,,\n../../../../../../../../x,,\n')],
    ]);
    const out = cataloger.finalize?.(results);
    expect(out?.packages[0]?.files).toEqual([
      '/usr/local/lib/python3.11/site-packages/pip/__init__.py',
      '/usr/local/lib/python3.11/site-packages/pip/a,b.py',
      '/usr/local/bin/pip',
    ]);
    expect(out?.issues.map((i) => i.code)).toEqual(['PYTHON_MALFORMED_RECORD']);
  });
});

// trivy pkg/dependency/parser/python/packaging testdata (../shared/peer/4-pkgdb, Apache-2.0).
const trivyDir = join(peerDir, '4-pkgdb/trivy/pkg/dependency/parser/python/packaging/testdata');
/**
 * Licences where our rule (License-Expression, then specific classifiers, then a short non-UNKNOWN License line)
 * differs from trivy's, with the value we give.
 */
const LICENCE_DIFFERS: Record<string, { ours: string[] | undefined; reason: string }> = {
  // Its classifiers come after an empty line inside the description, so they are body, not headers (RFC 822).
  'setuptools-51.3.3-py3.8.egg-info.PKG-INFO': { ours: undefined, reason: 'License: UNKNOWN names no licence' },
  'unidecode-egg-info.PKG-INFO': { ours: undefined, reason: 'License: UNKNOWN names no licence' },
  'networkx-3.0.METADATA': { ours: undefined, reason: 'License-File is a file name, not a licence' },
};
const trivyRows = existsSync(trivyDir)
  ? readdirSync(trivyDir).filter((f) => f.endsWith('.expected.json')).map((f) => f.slice(0, -'.expected.json'.length))
  : [];

describe.skipIf(trivyRows.length === 0)('python peer fixtures (trivy)', () => {
  it.each(trivyRows)('%s', (fixture) => {
    const doc = JSON.parse(readFileSync(join(trivyDir, `${fixture}.expected.json`), 'utf8')) as {
      cases: { packages: { name: string; version: string; licenses?: string[] }[] }[];
    };
    const want = doc.cases[0]?.packages ?? [];
    const r = parse(`/site-packages/${fixture.replace(/\.(METADATA|PKG-INFO)$/, '')}.dist-info/METADATA`, readFileSync(join(trivyDir, fixture), 'latin1'));
    expect(r.packages.map((p) => [p.name, p.version])).toEqual(want.map((p) => [p.name, p.version]));
    if (want.length === 0) expect(r.issues.length).toBeGreaterThan(0);
    const differs = LICENCE_DIFFERS[fixture];
    if (want[0]) expect(r.packages[0]?.licenses).toEqual(differs ? differs.ours : want[0].licenses);
  });
});

function walk(rootfs: string, dir: string, out: string[]): void {
  for (const e of readdirSync(join(rootfs, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) walk(rootfs, rel, out);
    else if (e.isFile()) out.push(rel);
  }
}

describe.skipIf(!hasTestImage('polyglot'))('python cataloger on the polyglot image (skipped when the test images are not built)', () => {
  it('finds exactly the 16 Python distributions of the truth file', () => {
    const rootfs = join(imagesRoot, 'rootfs', 'polyglot');
    const truth = JSON.parse(readFileSync(join(archivesDir, 'polyglot.truth.json'), 'utf8')) as {
      packages: { python: { path: string; kind: string; name: string; version: string }[] };
    };
    const paths: string[] = [];
    for (const top of ['usr', 'opt', 'app', 'root', 'home', 'srv']) {
      if (existsSync(join(rootfs, top)) && statSync(join(rootfs, top)).isDirectory()) walk(rootfs, `/${top}`, paths);
    }
    const results = new Map<string, FileParseResult>();
    for (const p of paths.sort()) {
      const info = file(p, statSync(join(rootfs, p)).size);
      if (cataloger.matches(info)) results.set(p, cataloger.parse(info, readFileSync(join(rootfs, p))) as FileParseResult);
    }
    const out = cataloger.finalize?.(results);
    expect(out?.issues).toEqual([]);
    const got = (out?.packages ?? []).map((p) => ({ path: p.metadata?.path, kind: p.metadata?.kind, name: p.name, version: p.version }));
    const want = truth.packages.python.map((p) => ({ path: p.path, kind: p.kind, name: p.name, version: p.version }));
    const byPath = (a: { path?: unknown }, b: { path?: unknown }): number => String(a.path).localeCompare(String(b.path));
    expect(got.sort(byPath)).toEqual(want.sort(byPath));
    expect(want.length).toBe(16);
    const withFiles = (out?.packages ?? []).filter((p) => p.metadata?.kind === 'dist-info' && p.files && p.files.length > 0);
    expect(withFiles.length).toBeGreaterThan(0);
    expect(classifyPythonPath(withFiles[0]?.locations[0] ?? '')?.kind).toBe('dist-info');
  });
});

// Trivy's packaging analyzer cases (../shared/peer/4-pkgdb/trivy/pkg/fanal/analyzer/language/python/packaging,
// aquasecurity/trivy dc3c56e, Apache-2.0): dist-info and egg-info directories and zipped eggs. Names and versions are
// compared here; licences are compared on the parser cases above. Two eggs (kitchen-1.2.6, no-required-files) were left out
// of the snapshot as binaries: their three cases are skipped for want of the file.
const analyzerDir = join(peerDir, '4-pkgdb/trivy/pkg/fanal/analyzer/language/python/packaging/testdata');

function metadataFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...metadataFiles(p));
    else if (/\/(METADATA|PKG-INFO)$/.test(p)) out.push(p);
  }
  return out;
}

describe.runIf(existsSync(analyzerDir))("Trivy's Python packaging analyzer cases", () => {
  const expected = readdirSync(analyzerDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.expected.json')).sort();
  it('has the cases', () => expect(expected.length).toBeGreaterThanOrEqual(6));
  for (const rel of expected) {
    const doc = JSON.parse(readFileSync(join(analyzerDir, rel), 'utf8')) as { cases: { test: string; args: { dir?: string; inputFile?: string }; packages?: { name: string; version: string }[] }[] };
    for (const c of doc.cases) {
      const input = c.args.dir ?? c.args.inputFile;
      if (!input) continue;
      const at = join(analyzerDir, '..', input);
      it.runIf(existsSync(at))(`${rel}: ${c.test.split('/').pop()}`, () => {
        let got: { name: string; version: string }[];
        if (c.args.inputFile) {
          got = parseEggZip(`/site-packages/${input.split('/').pop()}`, readFileSync(at)).packages;
        } else {
          got = metadataFiles(at).flatMap((f) => (cataloger.parse(file(`/site-packages/${f.slice(at.length + 1)}`, statSync(f).size), readFileSync(f)) as FileParseResult).packages);
        }
        expect(got.map((p) => `${p.name}@${p.version}`)).toEqual((c.packages ?? []).map((p) => `${p.name}@${p.version}`));
      });
    }
  }
});

describe('zipped and directory eggs', () => {
  const pkgInfo = 'Metadata-Version: 1.1\nName: kitchen\nVersion: 1.2.6\nLicense: LGPLv2+\n';
  it('reads EGG-INFO/PKG-INFO from a zipped egg, and names a bad one', () => {
    const egg = makeZip([{ name: 'kitchen/__init__.py', data: '' }, { name: 'EGG-INFO/PKG-INFO', data: pkgInfo }]);
    const info = file('/usr/lib/python2.7/site-packages/kitchen-1.2.6-py2.7.egg', egg.length);
    expect(cataloger.matches(info)).toBe(true);
    expect(cataloger.sniff!(egg.subarray(0, 4), info)).toBe(true);
    expect((cataloger.parse(info, egg) as FileParseResult).packages.map((p) => [p.name, p.version, p.purl])).toEqual([['kitchen', '1.2.6', 'pkg:pypi/kitchen@1.2.6']]);
    expect(parseEggZip('/x.egg', makeZip([{ name: 'a.py', data: '' }])).issues.map((i) => i.code)).toEqual(['PYTHON_BAD_EGG']);
    expect(parseEggZip('/x.egg', new TextEncoder().encode('not a zip at all')).issues.map((i) => i.code)).toEqual(['PYTHON_BAD_EGG']);
    expect(cataloger.sniff!(new TextEncoder().encode('#!/bin'), info)).toBe(false);
  });

  it('refuses a PKG-INFO that inflates past its budget (zip bomb)', () => {
    const bomb = makeZip([{ name: 'EGG-INFO/PKG-INFO', data: `Name: x\nVersion: 1\n${' '.repeat(8 * 1024 * 1024)}`, method: 8 }]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(parseEggZip('/bomb.egg', bomb).issues.map((i) => i.code)).toEqual(['PYTHON_BAD_EGG']);
  });

  it('reads an egg installed as a directory', () => {
    expect(classifyPythonPath('/usr/lib/python3/site-packages/foo-1.0-py3.8.egg/EGG-INFO/PKG-INFO')).toEqual({
      kind: 'egg-info', dir: '/usr/lib/python3/site-packages/foo-1.0-py3.8.egg', role: 'metadata',
    });
  });
});
