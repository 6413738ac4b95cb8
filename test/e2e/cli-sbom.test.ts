/**
 * The built CLI, end to end: `drydock sbom` on the real shared images in every format, each document read back and
 * validated (CycloneDX 1.6 with the library's strict validator, SPDX 2.3 with its JSON schema); the layer cache.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { listCatalogers } from '../../src/catalog/registry.js';
import { FileLayerCache } from '../../src/cache/layer-cache.js';
import { openTarget } from '../../src/image/sources/open.js';
import { buildInventory } from '../../src/scan/inventory.js';
import type { Inventory } from '../../src/model/index.js';
import { contentDigest } from '../../src/report/canonical-inventory.js';
import { derivedSerialNumber } from '../../src/report/cyclonedx/index.js';
import { derivedNamespace } from '../../src/report/spdx/index.js';
import spdxSchema from '../../src/report/spdx/schema/spdx-schema.json' with { type: 'json' };
import { archivesDir, hasTestImage, repoRoot } from '../helpers/shared.js';
import { loadTruth } from './truth.js';

const cli = join(repoRoot, 'dist', 'bundle', 'main.js');
const tmp = mkdtempSync(join(tmpdir(), 'drydock-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function drydock(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, DRYDOCK_CACHE_DIR: join(tmp, 'cache'), ...env }, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ready = existsSync(cli) && hasTestImage('node-app');

describe.skipIf(!ready)('drydock sbom (built CLI)', () => {
  const archive = join(archivesDir, 'node-app.docker.tar');

  it('writes CycloneDX 1.6 that passes the strict schema, with every package', async () => {
    const r = drydock(['sbom', '-f', 'cyclonedx', '--quiet', archive]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(r.stdout)).toBeNull();
    const bom = JSON.parse(r.stdout) as { components: { purl?: string }[] };
    const truth = loadTruth('node-app');
    expect(bom.components.filter((c) => c.purl?.startsWith('pkg:npm/'))).toHaveLength(truth.counts.npm!);
    expect(bom.components.filter((c) => c.purl?.startsWith('pkg:deb/debian/'))).toHaveLength(truth.counts.dpkg!);
  });

  it('writes SPDX 2.3 that passes the SPDX JSON schema', () => {
    const out = join(tmp, 'sbom.spdx.json');
    const r = drydock(['sbom', '--format', 'spdx', '-o', out, archive]);
    expect(r.code).toBe(0);
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(spdxSchema);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { spdxVersion: string; packages: unknown[] };
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(doc.spdxVersion).toBe('SPDX-2.3');
    expect(doc.packages.length).toBeGreaterThan(200);
  });

  it('writes Drydock JSON with the layer of each package', () => {
    const r = drydock(['sbom', '-f', 'json', archive]);
    const inv = JSON.parse(r.stdout) as { schema: string; packages: { type: string; name: string; layer?: { index: number } }[] };
    expect(inv.schema).toBe('drydock-inventory/1');
    expect(inv.packages.find((p) => p.type === 'npm' && p.name === 'lodash')?.layer?.index).toBe(4);
    expect(inv.packages.find((p) => p.type === 'dpkg' && p.name === 'nodejs')?.layer?.index).toBe(3);
  });

  it('prints a table with counts per type and per layer, and no progress when not a TTY', () => {
    const r = drydock(['sbom', archive]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/npm\s+70/);
    expect(r.stderr).toBe('');
  });

  it('exits 3 with a message naming the input for a missing or unreadable target', () => {
    const missing = drydock(['sbom', 'docker-archive:/nonexistent/x.tar']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('/nonexistent/x.tar');
    const notImage = drydock(['sbom', join(repoRoot, 'package.json')]);
    expect(notImage.code).toBe(3);
    // Without a prefix, a path that is not there is named as such rather than parsed as a registry reference.
    const typo = drydock(['sbom', '/nonexistent/x.tar']);
    expect(typo.code).toBe(3);
    expect(typo.stderr).toContain('SOURCE_NOT_FOUND: /nonexistent/x.tar: no such file or directory');
    const neither = drydock(['sbom', 'Not_A:ref:at:all']);
    expect(neither.code).toBe(3);
    expect(neither.stderr).toMatch(/INVALID_REFERENCE: Not_A:ref:at:all is neither a file or directory here nor an image reference \(/);
  });

  it('exits 2 on usage errors', () => {
    expect(drydock(['sbom']).code).toBe(2);
    expect(drydock(['sbom', '--format', 'nope', archive]).code).toBe(2);
    expect(drydock(['sbom', '--bogus', archive]).code).toBe(2);
  });

  it('answers a second run from the image-result cache with the same document, and cache clean removes both caches', () => {
    const first = drydock(['sbom', '-f', 'json', archive]);
    expect(existsSync(join(tmp, 'cache', 'layers'))).toBe(true);
    expect(readdirSync(join(tmp, 'cache', 'images'))).toHaveLength(1);
    const second = drydock(['sbom', '-f', 'json', archive]);
    const strip = (s: string) => ({ ...(JSON.parse(s) as object), createdAt: undefined });
    expect(strip(second.stdout)).toEqual(strip(first.stdout));
    expect(readdirSync(join(tmp, 'cache', 'compile')).some((f) => f.startsWith('sbom-'))).toBe(true);
    expect(drydock(['cache', 'clean']).code).toBe(0);
    expect(existsSync(join(tmp, 'cache', 'layers'))).toBe(false);
    expect(existsSync(join(tmp, 'cache', 'images'))).toBe(false);
    expect(existsSync(join(tmp, 'cache', 'compile'))).toBe(false);
  });

  it('cache status counts the entries a run left, and cache prune --max-size 0 removes all but the code caches', () => {
    const env = { DRYDOCK_CACHE_DIR: join(tmp, 'prune-cache') };
    expect(drydock(['sbom', '-q', '-f', 'cyclonedx', archive], env).code).toBe(0);
    expect(drydock(['sbom', '-q', '-f', 'cyclonedx', archive], env).code).toBe(0); // the second run writes the render
    const status = drydock(['cache', 'status', '--json'], env);
    expect(status.code).toBe(0);
    const folders = (JSON.parse(status.stdout) as { folders: { folder: string; entries: number; bytes: number }[] }).folders;
    const count = (f: string) => folders.find((x) => x.folder === f)?.entries;
    expect(count('layers')).toBeGreaterThan(0);
    expect(count('images')).toBe(1);
    expect(count('renders')).toBe(1);
    expect(count('compile')).toBeGreaterThan(0);
    const pruned = drydock(['cache', 'prune', '--max-size', '0', '--json'], env);
    expect(pruned.code).toBe(0);
    const r = JSON.parse(pruned.stdout) as { removed: number; kept: number };
    expect(r.removed).toBe(folders.filter((f) => f.folder !== 'compile').reduce((n, f) => n + f.entries, 0));
    // The code caches stay (the status run above added the cache command's own).
    expect(r.kept).toBeGreaterThanOrEqual(count('compile')!);
    const after = drydock(['cache', 'status'], env).stdout;
    for (const f of ['layers', 'images', 'renders', 'blobs']) expect(after).toMatch(new RegExp(`^${f}\\s+0\\s+0 B$`, 'm'));
    expect(drydock(['cache', 'prune'], env).code).toBe(2);
    expect(drydock(['cache', 'prune', '--max-age', 'soon'], env).code).toBe(2);
    expect(drydock(['cache', 'purge'], env).code).toBe(2);
  });

  it('answers a repeated run from the render cache: the first report moved to the new time, in every format', () => {
    const env = { DRYDOCK_CACHE_DIR: join(tmp, 'render-cache') };
    const first = Object.fromEntries(['json', 'cyclonedx', 'spdx', 'table'].map((f) => [f, drydock(['sbom', '-q', '-f', f, archive], env).stdout]));
    // One folder, for the build of the code that ran (renders/<build id>/).
    const builds = readdirSync(join(tmp, 'render-cache', 'renders'));
    expect(builds).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/)]);
    const renders = join(tmp, 'render-cache', 'renders', builds[0]!);
    expect(readdirSync(renders)).toHaveLength(4);
    const inventory = JSON.parse(first.json!) as Inventory;
    const digest = contentDigest(inventory);

    const json = JSON.parse(drydock(['sbom', '-q', '-f', 'json', archive], env).stdout) as Inventory;
    expect(json.createdAt).not.toBe(inventory.createdAt);
    expect({ ...json, createdAt: '' }).toEqual({ ...inventory, createdAt: '' });

    // The serial number and the namespace are those a fresh rendering at the new time would have.
    const cdx = JSON.parse(drydock(['sbom', '-q', '-f', 'cyclonedx', archive], env).stdout) as { serialNumber: string; metadata: { timestamp: string } };
    const cdx0 = JSON.parse(first.cyclonedx!) as typeof cdx;
    expect(cdx.serialNumber).toBe(derivedSerialNumber(digest, new Date(cdx.metadata.timestamp)));
    expect(cdx0.serialNumber).toBe(derivedSerialNumber(digest, new Date(cdx0.metadata.timestamp)));
    expect(cdx.serialNumber).not.toBe(cdx0.serialNumber);
    expect({ ...cdx, serialNumber: '', metadata: { ...cdx.metadata, timestamp: '' } }).toEqual({ ...cdx0, serialNumber: '', metadata: { ...cdx0.metadata, timestamp: '' } });

    const spdx = JSON.parse(drydock(['sbom', '-q', '-f', 'spdx', archive], env).stdout) as { documentNamespace: string; creationInfo: { created: string } };
    const spdx0 = JSON.parse(first.spdx!) as typeof spdx;
    expect(spdx.documentNamespace).toBe(derivedNamespace(inventory.image, digest, spdx.creationInfo.created));
    expect({ ...spdx, documentNamespace: '', creationInfo: { ...spdx.creationInfo, created: '' } }).toEqual({ ...spdx0, documentNamespace: '', creationInfo: { ...spdx0.creationInfo, created: '' } });

    const table = drydock(['sbom', '-q', '-f', 'table', archive], env).stdout;
    expect(table.replace(/^Created: .*$/m, '')).toBe(first.table!.replace(/^Created: .*$/m, ''));
    expect(readdirSync(renders)).toHaveLength(4);

    // What is written is the stored report (a marker put into it shows up); a damaged entry is rendered afresh.
    const file = readdirSync(renders).map((f) => join(renders, f)).find((f) => readFileSync(f, 'utf8').includes('Packages:'))!;
    writeFileSync(file, readFileSync(file, 'utf8').replace('Packages:', 'Packages (from the render cache):'));
    expect(drydock(['sbom', '-q', '-f', 'table', archive], env).stdout).toContain('Packages (from the render cache):');
    writeFileSync(file, 'damaged');
    const again = drydock(['sbom', '-q', '-f', 'table', archive], env).stdout;
    expect(again.replace(/^Created: .*$/m, '')).toBe(first.table!.replace(/^Created: .*$/m, ''));
    expect(readFileSync(file, 'utf8')).toContain('Packages:');

    expect(drydock(['cache', 'clean'], env).code).toBe(0);
    expect(existsSync(join(tmp, 'render-cache', 'renders'))).toBe(false);
  });
});

describe.skipIf(!hasTestImage('node-app'))('the per-layer cache', () => {
  it('reads only the new layers of an image that shares layers with one scanned before', async () => {
    const cache = new FileLayerCache(join(tmp, 'layer-cache'));
    const run = async (name: string) => {
      const img = await openTarget(join(archivesDir, `${name}.docker.tar`));
      try {
        return await buildInventory(img, { catalogers: listCatalogers(), toolVersion: 't', cache });
      } finally {
        await img.close();
      }
    };
    const first = await run('debian-min');
    expect(first.cachedLayers).toBe(0);
    const second = await run('node-app'); // debian-min's 3 layers + 2 of its own
    expect(second.cachedLayers).toBe(3);
    const again = await run('node-app');
    expect(again.cachedLayers).toBe(5);
    expect(again.inventory.packages).toEqual(second.inventory.packages);
  });
});
