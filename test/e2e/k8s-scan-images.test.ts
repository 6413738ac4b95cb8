/**
 * `drydock k8s --scan-images` end to end with the built CLI: the node-app image pushed to a real local registry
 * (Debian's docker-registry on 127.0.0.1), manifests written here with the same image in two namespaces (one isolated
 * by a same-namespace-only NetworkPolicy, one with no policy) and an image that is not in the registry, matched
 * against the advisory database built from ../shared/vulndata. Layers are read with --no-cache, so the shared
 * database directory stays as it was.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExposureRow } from '../../src/k8s/rules/image-exposure.js';
import { canRunRegistry, pushImages, startRegistry, type RunningRegistry } from '../helpers/registry.js';
import { hasTestImage, repoRoot } from '../helpers/shared.js';
import { ensureSharedVulnDb, hasVulndata } from '../helpers/vulndb.js';

const cli = join(repoRoot, 'dist', 'bundle', 'main.js');
const ready = existsSync(cli) && canRunRegistry() && hasTestImage('node-app') && hasVulndata();
const tmp = mkdtempSync(join(tmpdir(), 'drydock-k8s-scan-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function drydock(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: tmp, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', DRYDOCK_CACHE_DIR: '' }, maxBuffer: 256 * 1024 * 1024, timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function deployment(ns: string, image: string, name = 'api'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - name: app
        image: ${image}
        ports: [{containerPort: 3000}]
`;
}

const SAME_NAMESPACE_ONLY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: same-namespace-only, namespace: internal}
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector: {}
`;

interface ScanJson {
  images: string[];
  imageScan: { images: { image: string; scanned: boolean; error?: { code: string }; critical: number }[]; exposure: ExposureRow[] };
}

describe.skipIf(!ready)('drydock k8s --scan-images (built CLI, local registry, shared advisory data)', () => {
  let reg: RunningRegistry;
  let cacheDir = '';
  let manifests = '';
  let image = '';
  let missing = '';
  let json: ScanJson;

  beforeAll(async () => {
    reg = startRegistry('open');
    pushImages(reg, ['node-app']);
    cacheDir = dirname(dirname((await ensureSharedVulnDb()).path));
    image = `127.0.0.1:${reg.port}/node-app:latest`;
    missing = `127.0.0.1:${reg.port}/not-pushed:latest`;
    const dir = mkdtempSync(join(tmp, 'manifests-'));
    manifests = dir;
    writeFileSync(join(dir, 'internal.yaml'), `${deployment('internal', image)}---\n${SAME_NAMESPACE_ONLY}`);
    writeFileSync(join(dir, 'public.yaml'), `${deployment('public', image)}---\n${deployment('public', missing, 'ghost')}`);
    const before = readdirSync(cacheDir).sort();
    const r = drydock(['k8s', manifests, '--scan-images', '--no-cache', '--cache-dir', cacheDir, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(cacheDir).sort()).toEqual(before);
    json = JSON.parse(r.stdout) as ScanJson;
  }, 600_000);
  afterAll(() => reg?.stop());

  const row = (workload: string): ExposureRow => json.imageScan.exposure.find((r) => r.workload === workload)!;

  it('lists every image and scans each distinct one once', () => {
    expect(json.images).toEqual([image, missing].sort());
    expect(json.imageScan.images.map((i) => i.image).sort()).toEqual([image, missing].sort());
  });

  it('reports the node-app critical findings (minimist CVE-2021-44906, with its fixed version) for both workloads', () => {
    for (const w of ['public/deployment.api', 'internal/deployment.api']) {
      const r = row(w);
      expect(r.image).toBe(image);
      const minimist = r.critical.filter((f) => f.id === 'CVE-2021-44906' && f.package === 'minimist');
      expect(minimist.map((f) => f.version).sort()).toEqual(['0.0.8', '1.2.0']);
      expect(minimist.every((f) => f.fixedVersion !== undefined)).toBe(true);
    }
  });

  it('ranks the unisolated workload first as reachable from outside its namespace; the isolated one is not', () => {
    const first = json.imageScan.exposure[0]!;
    expect(first).toMatchObject({ rank: 1, workload: 'public/deployment.api', tier: 'CRITICAL_REACHABLE', reachable: { isolated: false, fromExternal: true, fromOtherNamespaces: true } });
    const internal = row('internal/deployment.api');
    expect(internal).toMatchObject({ tier: 'CRITICAL_NAMESPACE_ONLY', reachable: { isolated: true, fromExternal: false, fromOtherNamespaces: false } });
    expect(internal.rank).toBe(2);
  });

  it('an image that cannot be pulled is a per-image error; the others are still reported', () => {
    expect(json.imageScan.images.find((i) => i.image === missing)).toMatchObject({ scanned: false, error: { code: 'IMAGE_NOT_FOUND' } });
    expect(row('public/deployment.ghost')).toMatchObject({ tier: 'NOT_SCANNED_REACHABLE', critical: [], scanError: { code: 'IMAGE_NOT_FOUND' } });
    expect(json.imageScan.images.find((i) => i.image === image)?.critical).toBeGreaterThan(0);
  });

  it('the table ranks the same way and names the findings', () => {
    const r = drydock(['k8s', manifests, '--scan-images', '--no-cache', '--cache-dir', cacheDir]);
    expect(r.code, r.stderr).toBe(0);
    const section = r.stdout.slice(r.stdout.indexOf('Images by exposure'));
    expect(section).toMatch(/^ {2} {2}1\. CRITICAL \+ reachable from outside the namespace\n {7}Deployment\/public\/api/m);
    expect(section).toMatch(/2\. CRITICAL, reachable only inside the namespace\n {7}Deployment\/internal\/api/);
    expect(section).toMatch(/CVE-2021-44906\s+minimist 1\.2\.0 {2}fixed in \d/);
    expect(section).toContain(`${missing}: IMAGE_NOT_FOUND`);
  }, 300_000);

  it('without an advisory database: exit 3, telling to run drydock db update or db import', () => {
    const empty = mkdtempSync(join(tmp, 'nodb-'));
    const r = drydock(['k8s', manifests, '--scan-images', '--cache-dir', empty]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no(?:ne| advisory database).*drydock db update.*drydock db import/s);
    // No image was read or cached (the CLI's own code cache, compile/, is not about images).
    expect(readdirSync(empty).filter((f) => f !== 'compile')).toEqual([]);
  });
});
