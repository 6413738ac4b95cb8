/**
 * `drydock scan` end to end with the built CLI: the node-app image against the advisory database built from
 * ../shared/vulndata (the real import code), every report format, filters, the gate, an ignore file, VEX, and
 * `--sbom` input reading Drydock's own CycloneDX back.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/model/index.js';
import { archivesDir, hasTestImage, repoRoot } from '../helpers/shared.js';
import { ensureSharedVulnDb, hasVulndata } from '../helpers/vulndb.js';

const cli = join(repoRoot, 'dist', 'bundle', 'main.js');
const tmp = mkdtempSync(join(tmpdir(), 'drydock-scan-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const image = join(archivesDir, 'node-app.docker.tar');
let cacheDir = '';

function drydock(args: string[], cwd = tmp) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, DRYDOCK_CACHE_DIR: cacheDir, NO_COLOR: '1' }, maxBuffer: 512 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function scanJson(extra: string[] = []): { code: number | null; result: ScanResult; stderr: string } {
  const r = drydock(['scan', '-f', 'json', '--no-cache', '-q', ...extra, image]);
  return { code: r.code, result: JSON.parse(r.stdout) as ScanResult, stderr: r.stderr };
}

const ready = existsSync(cli) && hasTestImage('node-app') && hasVulndata();

describe.skipIf(!ready)('drydock scan (built CLI, shared advisory data)', () => {
  let base: ScanResult;
  beforeAll(async () => {
    const info = await ensureSharedVulnDb();
    cacheDir = dirname(dirname(info.path));
    const r = scanJson();
    expect(r.code, r.stderr).toBe(0);
    base = r.result;
  }, 600_000);

  const has = (r: ScanResult, id: string, pkg: string) => r.findings.find((f) => (f.id === id || f.aliases.includes(id)) && f.package.name === pkg);

  it('finds the known npm vulnerabilities with their fixed versions and layer', () => {
    expect(has(base, 'CVE-2021-23337', 'lodash')).toMatchObject({ status: 'fixed', fixedVersion: '4.17.21', package: { layer: { index: 4 } } });
    expect(has(base, 'CVE-2021-44906', 'minimist')).toMatchObject({ status: 'fixed', severity: 'CRITICAL' });
    // minimist is installed twice (1.2.0 at the top, 0.0.8 under mkdirp): one finding per package instance.
    const minimist = base.findings.filter((f) => f.package.name === 'minimist' && f.id === 'CVE-2021-44906');
    expect(new Set(minimist.map((f) => f.package.version))).toEqual(new Set(['1.2.0', '0.0.8']));
  });

  it('matches Debian packages by source package, with the distro status', () => {
    const curl = base.findings.filter((f) => f.package.type === 'dpkg' && f.package.sourceName === 'curl');
    expect(curl.length).toBeGreaterThan(0);
    expect(base.findings.some((f) => f.package.type === 'dpkg' && f.status === 'ignored')).toBe(true);
    expect(base.inventory.os?.family).toBe('debian');
  });

  it('reports the image hygiene problem of running as root, and no secrets in this image', () => {
    expect(base.checks?.some((c) => c.ruleId === 'DD-IMG-001')).toBe(true);
    expect(base.checks?.filter((c) => c.kind === 'secret')).toEqual([]);
  });

  it('carries EPSS, a risk score and the database sources', () => {
    expect(base.findings.some((f) => f.epss && f.epss.score > 0)).toBe(true);
    expect(base.risk?.score).toBeGreaterThan(0);
    expect(base.database?.sources.map((s) => s.id)).toEqual(expect.arrayContaining(['osv-debian', 'osv-npm', 'kev', 'epss']));
  });

  it('--fail-on exits 1 when a finding at or above it remains, 0 when filters removed them', () => {
    expect(drydock(['scan', '--no-cache', '-q', '--fail-on', 'critical', '-f', 'json', image]).code).toBe(1);
    expect(drydock(['scan', '--no-cache', '-q', '--severity', 'LOW', '--fail-on', 'critical', '-f', 'json', image]).code).toBe(0);
  });

  it('--ignore-unfixed keeps only findings with a fixed version', () => {
    const r = scanJson(['--ignore-unfixed', '--scanners', 'vuln']).result;
    expect(r.findings.length).toBeGreaterThan(0);
    expect(r.findings.every((f) => f.fixedVersion || f.kind === 'malicious')).toBe(true);
    expect(r.findings.length).toBeLessThan(base.findings.length);
  });

  it('--pkg-types keeps one class of package, --skip-paths leaves packages under a path out and says so', () => {
    const os = scanJson(['--pkg-types', 'os', '--scanners', 'vuln']).result;
    expect(os.findings.length).toBeGreaterThan(0);
    expect(os.findings.every((f) => f.package.type === 'dpkg')).toBe(true);
    const lib = scanJson(['--pkg-types', 'library', '--scanners', 'vuln']).result;
    expect(lib.findings.every((f) => f.package.type === 'npm')).toBe(true);
    expect(os.findings.length + lib.findings.length).toBe(base.findings.length);

    const under = base.findings.filter((f) => f.package.location.startsWith('/app/node_modules/jsonwebtoken/'));
    expect(under.length).toBeGreaterThan(0);
    const skipped = scanJson(['--skip-paths', '/app/node_modules/jsonwebtoken', '--scanners', 'vuln']).result;
    expect(skipped.findings.some((f) => f.package.location.startsWith('/app/node_modules/jsonwebtoken/'))).toBe(false);
    expect(skipped.findings.length).toBe(base.findings.length - under.length);
    expect(skipped.inventory.issues).toContainEqual(expect.objectContaining({ code: 'PACKAGES_SKIPPED' }));
    expect(drydock(['scan', '--skip-paths', 'relative/path', image]).code).toBe(2);
    expect(drydock(['scan', '--pkg-types', 'debian', image]).code).toBe(2);
  });

  it('an ignore file and a VEX statement suppress findings and say why', () => {
    writeFileSync(join(tmp, '.drydockignore.yaml'), 'ignore:\n  - id: CVE-2021-44906\n    reason: not reachable in our usage\n');
    writeFileSync(join(tmp, 'lodash.vex.json'), JSON.stringify({
      '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'https://example.com/vex/1', author: 'tester', timestamp: '2026-01-01T00:00:00Z', version: 1,
      statements: [{ vulnerability: { name: 'CVE-2021-23337' }, products: [{ '@id': 'pkg:npm/lodash@4.17.15' }], status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' }],
    }));
    const r = scanJson(['--vex', join(tmp, 'lodash.vex.json'), '--scanners', 'vuln']);
    expect(r.code, r.stderr).toBe(0);
    expect(has(r.result, 'CVE-2021-44906', 'minimist')).toBeUndefined();
    expect(has(r.result, 'CVE-2021-23337', 'lodash')).toBeUndefined();
    const why = r.result.suppressed.map((s) => [s.finding.id, s.by, s.justification ?? '']);
    expect(why).toEqual(expect.arrayContaining([['CVE-2021-44906', 'ignore-file', ''], ['CVE-2021-23337', 'vex', 'vulnerable_code_not_in_execute_path']]));
    rmSync(join(tmp, '.drydockignore.yaml'));
  });

  it("reads a team's Trivy ignore files, plain and YAML, with --ignore-file", () => {
    writeFileSync(join(tmp, '.trivyignore'), '# minimist is only used by the build\nCVE-2021-44906\n');
    writeFileSync(join(tmp, '.trivyignore.yaml'), 'vulnerabilities:\n  - id: CVE-2021-23337\n    purls: ["pkg:npm/lodash@4.17.15"]\n    statement: template is never called\n');
    const plain = scanJson(['--ignore-file', join(tmp, '.trivyignore'), '--scanners', 'vuln']).result;
    expect(has(plain, 'CVE-2021-44906', 'minimist')).toBeUndefined();
    expect(plain.suppressed.map((s) => [s.finding.id, s.reason])).toContainEqual(['CVE-2021-44906', 'minimist is only used by the build']);
    const yaml = scanJson(['--ignore-file', join(tmp, '.trivyignore.yaml'), '--scanners', 'vuln']).result;
    expect(has(yaml, 'CVE-2021-23337', 'lodash')).toBeUndefined();
    expect(yaml.suppressed.map((s) => [s.finding.id, s.reason])).toContainEqual(['CVE-2021-23337', 'template is never called']);
  });

  it('--sbom reads Drydock\'s own CycloneDX back and finds the same vulnerabilities', () => {
    const sbom = join(tmp, 'node-app.cdx.json');
    expect(drydock(['sbom', '--no-cache', '-q', '-f', 'cyclonedx', '-o', sbom, image]).code).toBe(0);
    const r = drydock(['scan', '-f', 'json', '--sbom', sbom]);
    expect(r.code, r.stderr).toBe(0);
    const fromSbom = JSON.parse(r.stdout) as ScanResult;
    const key = (x: ScanResult) => x.findings.map((f) => `${f.id} ${f.package.name} ${f.package.version} ${f.status}`).sort();
    expect(key(fromSbom)).toEqual(key(base));
  });

  it('writes every report format; CycloneDX VEX passes the strict 1.6 schema', async () => {
    for (const format of ['table', 'sarif', 'junit', 'markdown', 'gitlab', 'cyclonedx-vex']) {
      const r = drydock(['scan', '--no-cache', '-q', '--scanners', 'vuln', '-f', format, image]);
      expect(r.code, `${format}: ${r.stderr}`).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(100);
      if (format === 'cyclonedx-vex') expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(r.stdout)).toBeNull();
      if (format === 'sarif') expect((JSON.parse(r.stdout) as { version: string }).version).toBe('2.1.0');
    }
  });

  it('exits 3 with a hint when there is no advisory database, 2 on a bad option', () => {
    const empty = mkdtempSync(join(tmp, 'empty-'));
    const r = spawnSync(process.execPath, [cli, 'scan', '-q', image], { encoding: 'utf8', env: { ...process.env, DRYDOCK_CACHE_DIR: empty } });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/db update|db import/);
    expect(drydock(['scan', '--fail-on', 'bogus', image]).code).toBe(2);
    expect(drydock(['scan', '--scanners', 'bogus', image]).code).toBe(2);
  });
});

describe.skipIf(!ready)('drydock scan of an SBOM from another tool', () => {
  it('reads a Trivy CycloneDX SBOM of debian-min and matches its Debian packages by source', async () => {
    const info = await ensureSharedVulnDb();
    cacheDir = dirname(dirname(info.path));
    const trivySbom = join(repoRoot, 'src', 'sbom-input', '__fixtures__');
    const file = existsSync(trivySbom) ? (await import('node:fs')).readdirSync(trivySbom).find((f) => f.includes('debian') && f.includes('cdx')) : undefined;
    if (!file) return; // the fixture is committed with src/sbom-input; nothing to read without it
    const r = drydock(['scan', '-f', 'json', '--sbom', join(trivySbom, file)]);
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout) as ScanResult;
    expect(res.inventory.os?.family).toBe('debian');
    expect(res.findings.some((f) => f.package.type === 'dpkg' && f.package.sourceName === 'glibc')).toBe(true);
    void readFileSync;
  });
});
