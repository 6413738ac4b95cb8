/**
 * Julia end to end with the built CLI: an OSV Julia export in the upstream layout (osv/Julia/all.zip) imported with
 * `drydock db import`, and a root filesystem with a Julia environment scanned. The shared advisory data has no Julia
 * records, so the test writes one: JLSEC-2025-1 / CVE-2025-52479 (HTTP.jl, fixed in 1.10.17), whose facts are those
 * of Trivy's Julia detector fixture (../shared/peer/5-detection/trivy/pkg/detector/library/testdata/fixtures/julia.yaml).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeZip } from '../../src/catalog/java/__fixtures__/make-zip.js';
import type { ScanResult } from '../../src/model/index.js';
import { repoRoot } from '../helpers/shared.js';

const cli = join(repoRoot, 'dist', 'bundle', 'main.js');
const tmp = mkdtempSync(join(tmpdir(), 'drydock-julia-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const RECORD = {
  schema_version: '1.6.0', id: 'JLSEC-2025-1', modified: '2025-06-20T00:00:00Z', aliases: ['CVE-2025-52479'],
  summary: 'CR/LF injection in URIs.jl (also affects HTTP.jl)',
  affected: [{
    package: { ecosystem: 'Julia', name: 'HTTP', purl: 'pkg:julia/HTTP?uuid=cd3eb016-35fb-5094-929b-558a96fad6f3' },
    ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.10.17' }] }],
  }],
};

const MANIFEST = `julia_version = "1.10.4"
manifest_format = "2.0"

[[deps.Dates]]
uuid = "ade2ca70-3891-5945-98fb-dc099432e06a"

[[deps.HTTP]]
git-tree-sha1 = "d1d712be3164d61d1fb98e7ce9bcbc6cc06b45ed"
uuid = "cd3eb016-35fb-5094-929b-558a96fad6f3"
version = "%s"
`;

function drydock(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, DRYDOCK_CACHE_DIR: join(tmp, 'cache'), NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function rootfs(name: string, httpVersion: string): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, 'etc'), { recursive: true });
  mkdirSync(join(dir, 'root/.julia/environments/v1.10'), { recursive: true });
  writeFileSync(join(dir, 'etc/os-release'), 'ID=debian\nVERSION_ID="12"\n');
  writeFileSync(join(dir, 'root/.julia/environments/v1.10/Manifest.toml'), MANIFEST.replace('%s', httpVersion));
  return dir;
}

describe.skipIf(!existsSync(cli))('Julia packages (built CLI)', () => {
  it('imports an OSV Julia export, inventories a Manifest.toml and finds the advisory for the vulnerable release only', () => {
    mkdirSync(join(tmp, 'vd/osv/Julia'), { recursive: true });
    writeFileSync(join(tmp, 'vd/osv/Julia/all.zip'), makeZip([{ name: 'JLSEC-2025-1.json', data: JSON.stringify(RECORD) }]));
    const imported = drydock(['db', 'import', join(tmp, 'vd')]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toMatch(/osv-julia: 1 records/);

    const sbom = drydock(['sbom', '-q', '-f', 'json', `rootfs:${rootfs('old', '1.10.16')}`]);
    expect(sbom.code, sbom.stderr).toBe(0);
    const packages = (JSON.parse(sbom.stdout) as { packages: { type: string; name: string; version: string; purl: string }[] }).packages.filter((p) => p.type === 'julia');
    expect(packages.map((p) => [p.name, p.version, p.purl])).toEqual([
      ['Dates', '1.10.4', 'pkg:julia/Dates@1.10.4?uuid=ade2ca70-3891-5945-98fb-dc099432e06a'],
      ['HTTP', '1.10.16', 'pkg:julia/HTTP@1.10.16?uuid=cd3eb016-35fb-5094-929b-558a96fad6f3'],
    ]);

    const scan = (dir: string) => JSON.parse(drydock(['scan', '-q', '--scanners', 'vuln', '-f', 'json', `rootfs:${dir}`]).stdout) as ScanResult;
    const vulnerable = scan(join(tmp, 'old'));
    expect(vulnerable.findings.map((f) => [f.id, f.aliases, f.package.type, f.package.name, f.fixedVersion])).toEqual([
      ['CVE-2025-52479', ['JLSEC-2025-1'], 'julia', 'HTTP', '1.10.17'],
    ]);
    expect(scan(rootfs('fixed', '1.10.17')).findings).toEqual([]);

    // Round trip through an SBOM: the julia purl (with its uuid qualifier) is read back and matched the same way.
    for (const format of ['cyclonedx', 'spdx']) {
      const file = join(tmp, `old.${format}.json`);
      expect(drydock(['sbom', '-q', '-f', format, '-o', file, `rootfs:${join(tmp, 'old')}`]).code).toBe(0);
      const viaSbom = JSON.parse(drydock(['scan', '-q', '-f', 'json', '--sbom', file]).stdout) as ScanResult;
      expect(viaSbom.findings.map((f) => [f.id, f.package.type, f.package.name, f.fixedVersion]), format).toEqual([['CVE-2025-52479', 'julia', 'HTTP', '1.10.17']]);
    }
  });
});
