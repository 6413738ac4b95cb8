/**
 * Pulls from a real registry (Debian's docker-registry on 127.0.0.1 via ../shared/images/registry.sh): anonymous,
 * HTTP Basic and Bearer-token auth, by tag and by digest, an index with two platforms, digest verification, and the
 * blob cache. The inventory must equal the image's ground truth as for the local sources.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCatalogers } from '../../src/catalog/registry.js';
import { openTarget } from '../../src/image/sources/open.js';
import type { RegistryOptions } from '../../src/image/sources/registry/open.js';
import { buildInventory } from '../../src/scan/inventory.js';
import { hasTestImage } from '../helpers/shared.js';
import { canRunRegistry, pushBlob, pushImages, pushManifest, startRegistry, type RunningRegistry } from '../helpers/registry.js';
import { inventoryRows, loadTruth, truthRows } from './truth.js';

const enabled = canRunRegistry() && hasTestImage('debian-min') && hasTestImage('alpine-min');
const tmp = mkdtempSync(join(tmpdir(), 'drydock-reg-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function inventory(ref: string, registry: RegistryOptions = {}, platform?: string) {
  const img = await openTarget(ref, { registry: { retries: 2, backoffMs: 50, env: {}, dockerConfigDir: join(tmp, 'no-docker'), ...registry }, ...(platform ? { platform } : {}) });
  try {
    return (await buildInventory(img, { catalogers: listCatalogers(), toolVersion: 'test' })).inventory;
  } finally {
    await img.close();
  }
}

describe.skipIf(!enabled)('registry without auth', () => {
  let reg: RunningRegistry;
  beforeAll(() => {
    reg = startRegistry('open');
    pushImages(reg, ['debian-min', 'alpine-min']);
  }, 300_000);
  afterAll(() => reg?.stop());

  it('pulls by tag and the inventory equals the truth', async () => {
    const truth = loadTruth('debian-min');
    const inv = await inventory(`127.0.0.1:${reg.port}/debian-min:latest`);
    expect(inv.image.sourceKind).toBe('registry');
    expect(inv.image.manifestDigest).toBe(truth.manifest_digest);
    expect(inventoryRows(inv, 'dpkg').sort()).toEqual(truthRows(truth, 'dpkg').sort());
    expect(inv.packages.find((p) => p.name === 'curl')?.layer?.index).toBe(1);
  });

  it('pulls by digest', async () => {
    const truth = loadTruth('alpine-min');
    const inv = await inventory(`registry:127.0.0.1:${reg.port}/alpine-min@${truth.manifest_digest}`);
    expect(inventoryRows(inv, 'apk').sort()).toEqual(truthRows(truth, 'apk').sort());
  });

  it('reports a missing tag as IMAGE_NOT_FOUND', async () => {
    await expect(inventory(`127.0.0.1:${reg.port}/debian-min:nope`)).rejects.toMatchObject({ code: 'IMAGE_NOT_FOUND' });
  });

  it('picks the platform from a two-platform index, and says what an index offers', async () => {
    // Make an "arm64" variant of alpine-min: the same layer under a config that says arm64, and an index over both.
    const truth = loadTruth('alpine-min');
    const base = `http://127.0.0.1:${reg.port}/v2/alpine-min`;
    const amd64Manifest = await (await fetch(`${base}/manifests/latest`, { headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } })).text();
    const m = JSON.parse(amd64Manifest) as { config: { digest: string; size: number }; layers: unknown[] };
    const config = JSON.parse(await (await fetch(`${base}/blobs/${m.config.digest}`)).text()) as Record<string, unknown>;
    const armConfig = new TextEncoder().encode(JSON.stringify({ ...config, architecture: 'arm64', variant: 'v8' }));
    const armConfigDigest = await pushBlob(reg.port, 'alpine-min', armConfig);
    const armManifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: armConfigDigest, size: armConfig.length }, layers: m.layers });
    const armDigest = await pushManifest(reg.port, 'alpine-min', 'arm64-only', armManifest, 'application/vnd.oci.image.manifest.v1+json');
    const index = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: truth.manifest_digest, size: amd64Manifest.length, platform: { os: 'linux', architecture: 'amd64' } },
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: armDigest, size: armManifest.length, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      ],
    });
    await pushManifest(reg.port, 'alpine-min', 'multi', index, 'application/vnd.oci.image.index.v1+json');
    const amd = await inventory(`127.0.0.1:${reg.port}/alpine-min:multi`);
    expect(amd.image.manifestDigest).toBe(truth.manifest_digest);
    expect(amd.image.platform).toBe('linux/amd64');
    const arm = await inventory(`127.0.0.1:${reg.port}/alpine-min:multi`, {}, 'linux/arm64');
    expect(arm.image.manifestDigest).toBe(armDigest);
    expect(arm.image.platform).toBe('linux/arm64/v8');
    await expect(inventory(`127.0.0.1:${reg.port}/alpine-min:multi`, {}, 'linux/s390x'))
      .rejects.toMatchObject({ code: 'PLATFORM_NOT_FOUND', message: expect.stringContaining('linux/arm64/v8') });
  });

  it('refuses a manifest whose layer digest does not match the blob', async () => {
    const truth = loadTruth('alpine-min');
    const base = `http://127.0.0.1:${reg.port}/v2/alpine-min`;
    const m = JSON.parse(await (await fetch(`${base}/manifests/${truth.manifest_digest}`, { headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } })).text()) as {
      config: unknown; layers: { digest: string; size: number; mediaType: string }[];
    };
    // Point the layer descriptor at a blob with other content: the registry serves it, we must refuse it.
    const other = new TextEncoder().encode('not the layer');
    const otherDigest = await pushBlob(reg.port, 'alpine-min', other);
    const forged = JSON.stringify({ ...m, mediaType: 'application/vnd.oci.image.manifest.v1+json', layers: [{ ...m.layers[0]!, digest: otherDigest, size: other.length }] });
    await pushManifest(reg.port, 'alpine-min', 'forged', forged, 'application/vnd.oci.image.manifest.v1+json');
    // The blob's own digest is right, so the registry check passes; the diff ID check then refuses it.
    await expect(inventory(`127.0.0.1:${reg.port}/alpine-min:forged`)).rejects.toMatchObject({ code: expect.stringMatching(/DIGEST_MISMATCH|TAR_CORRUPT|TAR_TRUNCATED/) });
  });

  it('caches blobs by digest and reads them from the cache the second time', async () => {
    const cacheDir = join(tmp, 'cache');
    await inventory(`127.0.0.1:${reg.port}/alpine-min:latest`, { cacheDir });
    const blobs = readdirSync(join(cacheDir, 'blobs', 'sha256'));
    const truth = loadTruth('alpine-min');
    expect(blobs).toContain(truth.layers[0]!.digest.replace('sha256:', ''));
    expect(blobs.some((b) => b.includes('.tmp-'))).toBe(false);
    // The second time the cached blob is read as a local file (its digest checked in a worker): the same inventory.
    const again = await inventory(`127.0.0.1:${reg.port}/alpine-min:latest`, { cacheDir });
    expect(again.packages.filter((p) => p.type === 'apk')).toHaveLength(15);
    // A cached blob changed on disk is refused, not trusted.
    const layerBlob = join(cacheDir, 'blobs', 'sha256', truth.layers[0]!.digest.replace('sha256:', ''));
    const bytes = readFileSync(layerBlob);
    bytes[bytes.length - 5]! ^= 0xff;
    writeFileSync(layerBlob, bytes);
    await expect(inventory(`127.0.0.1:${reg.port}/alpine-min:latest`, { cacheDir })).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' });
  });
});

describe.skipIf(!enabled)('registry with HTTP Basic auth', () => {
  let reg: RunningRegistry;
  beforeAll(() => {
    reg = startRegistry('htpasswd');
    pushImages(reg, ['alpine-min']);
  }, 300_000);
  afterAll(() => reg?.stop());

  it('pulls with credentials given as options', async () => {
    const inv = await inventory(`127.0.0.1:${reg.port}/alpine-min:latest`, { username: reg.user!, password: reg.password! });
    expect(inv.packages.filter((p) => p.type === 'apk')).toHaveLength(15);
  });

  it('pulls with credentials from a Docker config.json', async () => {
    const dir = join(tmp, 'docker-basic');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: { [`127.0.0.1:${reg.port}`]: { auth: Buffer.from(`${reg.user}:${reg.password}`).toString('base64') } } }));
    const inv = await inventory(`127.0.0.1:${reg.port}/alpine-min:latest`, { dockerConfigDir: dir });
    expect(inv.os?.family).toBe('alpine');
  });

  it('pulls with credentials from a credential helper program named by credHelpers', async () => {
    // A real docker-credential-* program (a shell script) speaking the helper protocol: server URL on stdin, JSON out.
    const bin = join(tmp, 'helper-bin');
    mkdirSync(bin, { recursive: true });
    const script = join(bin, 'docker-credential-drydocktest');
    writeFileSync(script, `#!/bin/sh\nread server\necho "{\\"ServerURL\\":\\"$server\\",\\"Username\\":\\"${reg.user}\\",\\"Secret\\":\\"${reg.password}\\"}"\n`, { mode: 0o755 });
    const dir = join(tmp, 'docker-helper');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ credHelpers: { [`127.0.0.1:${reg.port}`]: 'drydocktest' } }));
    const savedPath = process.env.PATH;
    process.env.PATH = `${bin}:${savedPath}`;
    try {
      const inv = await inventory(`127.0.0.1:${reg.port}/alpine-min:latest`, { dockerConfigDir: dir });
      expect(inv.packages.filter((p) => p.type === 'apk')).toHaveLength(15);
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('fails without credentials with REGISTRY_AUTH', async () => {
    await expect(inventory(`127.0.0.1:${reg.port}/alpine-min:latest`)).rejects.toMatchObject({ code: 'REGISTRY_AUTH' });
  });

  it('fails with wrong credentials with REGISTRY_AUTH', async () => {
    await expect(inventory(`127.0.0.1:${reg.port}/alpine-min:latest`, { username: reg.user!, password: 'wrong' })).rejects.toMatchObject({ code: 'REGISTRY_AUTH' });
  });
});

describe.skipIf(!enabled)('registry with Bearer token auth', () => {
  let reg: RunningRegistry;
  beforeAll(() => {
    reg = startRegistry('token');
    pushImages(reg, ['alpine-min']);
  }, 300_000);
  afterAll(() => reg?.stop());

  it('gets a token from the realm with credentials and pulls', async () => {
    const inv = await inventory(`127.0.0.1:${reg.port}/alpine-min:latest`, { username: reg.user!, password: reg.password! });
    expect(inv.packages.filter((p) => p.type === 'apk')).toHaveLength(15);
  });

  it('is refused anonymously', async () => {
    await expect(inventory(`127.0.0.1:${reg.port}/alpine-min:latest`)).rejects.toMatchObject({ code: 'REGISTRY_AUTH' });
  });
});
