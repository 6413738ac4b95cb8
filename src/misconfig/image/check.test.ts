import { describe, expect, it } from 'vitest';
import { checkImageHygiene } from './check.js';
import type { ImageHygieneInput, ImageViewEntry } from './input.js';
import { imageRules } from './registry.js';

const file = (mode: number, layer = 0): ImageViewEntry => ({ type: 'file', mode, layer });
const dir = (mode: number, layer = 0): ImageViewEntry => ({ type: 'dir', mode, layer });
const ids = (input: ImageHygieneInput): string[] => checkImageHygiene(input).map((f) => f.ruleId);
const nonRoot = { user: '1000' };

describe('checkImageHygiene()', () => {
  it.each`
    user           | root
    ${undefined}   | ${true}
    ${''}          | ${true}
    ${'root'}      | ${true}
    ${'0:0'}       | ${true}
    ${'app'}       | ${false}
    ${'1000:1000'} | ${false}
  `('DD-IMG-001: USER $user → root $root', ({ user, root }: { user?: string; root: boolean }) => {
    expect(ids({ config: user === undefined ? {} : { user } }).includes('DD-IMG-001')).toBe(root);
  });

  it('DD-IMG-002 reports secret-named ENV with literal values, never the value', () => {
    const f = checkImageHygiene({
      config: { ...nonRoot, env: ['PATH=/usr/bin', 'DB_PASSWORD=hunter2hunter2', 'API_TOKEN=${API_TOKEN}', 'PASSWORD_FILE=/run/secrets/pw', 'SECRET_KEY=', 'GITHUB_TOKEN=abc123'] },
    });
    expect(f.map((x) => x.message)).toEqual([
      "ENV entry 2 'DB_PASSWORD' has a literal value (14 characters)",
      "ENV entry 6 'GITHUB_TOKEN' has a literal value (6 characters)",
    ]);
    expect(JSON.stringify(f)).not.toContain('hunter2');
  });

  it('DD-IMG-003 and DD-IMG-004 read history, with the history line and layer', () => {
    const f = checkImageHygiene({
      config: {
        ...nonRoot,
        history: [
          { createdBy: '/bin/sh -c #(nop) ADD file:0a1b in / ' },
          { createdBy: '/bin/sh -c #(nop)  ENV A=1', emptyLayer: true },
          { createdBy: '/bin/sh -c #(nop) ADD https://example.org/tool.tgz /opt/' },
          { createdBy: 'RUN /bin/sh -c curl -fsSL https://get.example.org | sudo -E bash - # buildkit' },
          { createdBy: 'ADD --checksum=sha256:00 https://example.org/x /x # buildkit' },
          { createdBy: 'RUN /bin/sh -c curl -fsSLo /tmp/i.sh https://x && sha256sum -c s && sh /tmp/i.sh' },
        ],
      },
    });
    expect(f.map((x) => [x.ruleId, x.line, x.layer])).toEqual([['DD-IMG-003', 3, 1], ['DD-IMG-004', 4, 2]]);
  });

  it('DD-IMG-005 reports setuid/setgid files outside the usual set, folding /bin into /usr/bin', () => {
    const view = new Map<string, ImageViewEntry>([
      ['/usr/bin/passwd', file(0o104755)],
      ['/bin/su', file(0o104755)],
      ['/usr/bin/chage', file(0o102755)],
      ['/usr/local/bin/helper', file(0o104755, 3)],
      ['/opt/tool', file(0o102711, 4)],
      ['/usr/bin/ls', file(0o100755)],
    ]);
    const f = checkImageHygiene({ config: nonRoot, view });
    expect(f.map((x) => [x.ruleId, x.path, x.layer, x.message])).toEqual([
      ['DD-IMG-005', '/opt/tool', 4, '/opt/tool is setgid (mode 2711)'],
      ['DD-IMG-005', '/usr/local/bin/helper', 3, '/usr/local/bin/helper is setuid (mode 4755)'],
    ]);
  });

  it('DD-IMG-006 reports world-writable system paths, not /tmp, sticky dirs or symlinks', () => {
    const view = new Map<string, ImageViewEntry>([
      ['/tmp', dir(0o41777)],
      ['/var/tmp', dir(0o41777)],
      ['/tmp/x', file(0o100666)],
      ['/usr/local/bin/run.sh', file(0o100777, 2)],
      ['/etc/app', dir(0o40777, 2)],
      ['/opt/shared', dir(0o41777)],
      ['/usr/bin/vi', { type: 'symlink', mode: 0o120777, layer: 0, link: 'vim' }],
      ['/app/data', dir(0o40777)],
    ]);
    expect(checkImageHygiene({ config: nonRoot, view }).map((x) => x.path)).toEqual(['/etc/app', '/usr/local/bin/run.sh']);
  });

  it('DD-IMG-007 reports SSH host keys and authorized_keys', () => {
    const view = new Map<string, ImageViewEntry>([
      ['/etc/ssh/ssh_host_ed25519_key', file(0o100600)],
      ['/etc/ssh/ssh_host_ed25519_key.pub', file(0o100644)],
      ['/root/.ssh/authorized_keys', file(0o100600)],
      ['/home/dev/.ssh/authorized_keys', file(0o100600)],
    ]);
    expect(checkImageHygiene({ config: nonRoot, view }).map((x) => x.path)).toEqual([
      '/etc/ssh/ssh_host_ed25519_key', '/home/dev/.ssh/authorized_keys', '/root/.ssh/authorized_keys',
    ]);
  });

  it('DD-IMG-008 sums up package-manager caches per directory', () => {
    const view = new Map<string, ImageViewEntry>([
      ['/var/cache/apt/archives/curl_8.deb', file(0o100644, 1)],
      ['/var/cache/apt/archives/lock', file(0o100640, 1)],
      ['/var/lib/apt/lists/deb.debian.org_dists_bookworm_InRelease', file(0o100644, 1)],
      ['/var/lib/apt/lists/deb.debian.org_dists_bookworm_main_binary-amd64_Packages.lz4', file(0o100644, 2)],
      ['/var/lib/apt/lists/lock', file(0o100640, 1)],
      ['/root/.cache/pip/http/a/b', file(0o100644, 3)],
      ['/var/cache/apk/APKINDEX.tar.gz', file(0o100644, 1)],
    ]);
    expect(checkImageHygiene({ config: nonRoot, view }).map((x) => [x.path, x.layer, x.message])).toEqual([
      ['/root/.cache/pip', 3, 'pip cache: 1 file under /root/.cache/pip/'],
      ['/var/cache/apk', 1, 'apk package cache: 1 file under /var/cache/apk/'],
      ['/var/cache/apt/archives', 1, 'apt downloaded .deb files: 1 file under /var/cache/apt/archives/'],
      ['/var/lib/apt/lists', 2, 'apt package lists: 2 files under /var/lib/apt/lists/'],
    ]);
  });

  it('DD-IMG-009 reports sensitive exposed ports only', () => {
    const f = checkImageHygiene({ config: { ...nonRoot, exposedPorts: ['80/tcp', '22/tcp', '6379/tcp', '8080/tcp', '2375/tcp'] } });
    expect(f.map((x) => x.message)).toEqual(['port 22/tcp (SSH) is exposed', 'port 6379/tcp (Redis) is exposed', 'port 2375/tcp (Docker API (plain)) is exposed']);
  });

  it('DD-IMG-010 reports a named base image without a digest', () => {
    const base = 'org.opencontainers.image.base.name';
    expect(ids({ config: { ...nonRoot, labels: { [base]: 'docker.io/library/debian:12' } } })).toEqual(['DD-IMG-010']);
    expect(ids({ config: { ...nonRoot, labels: { [base]: 'debian:12', 'org.opencontainers.image.base.digest': 'sha256:00' } } })).toEqual([]);
    expect(ids({ config: nonRoot })).toEqual([]);
  });

  it('caps per-rule hits and sums up the rest', () => {
    const view = new Map<string, ImageViewEntry>(Array.from({ length: 120 }, (_, i) => [`/usr/lib/x${String(i).padStart(3, '0')}`, file(0o100666)] as const));
    const f = checkImageHygiene({ config: nonRoot, view });
    expect(f).toHaveLength(51);
    expect(f[50]!.message).toBe('… and 70 more world-writable paths');
  });

  it('honours disable and minSeverity', () => {
    const input = { config: { exposedPorts: ['22/tcp'] } };
    expect(checkImageHygiene(input, { disable: ['dd-img-001'] }).map((f) => f.ruleId)).toEqual(['DD-IMG-009']);
    expect(checkImageHygiene(input, { minSeverity: 'HIGH' })).toEqual([]);
  });

  it('returns on a hostile 5 MB history line', () => {
    const createdBy = `RUN curl ${'curl '.repeat(1_000_000)}`;
    expect(Array.isArray(checkImageHygiene({ config: { history: [{ createdBy }] } }))).toBe(true);
  });

  it('has unique DD-IMG ids in sequence with advice and references', () => {
    expect(imageRules.map((r) => r.id)).toEqual(imageRules.map((_, i) => `DD-IMG-${String(i + 1).padStart(3, '0')}`));
    for (const r of imageRules) expect(r.advice.length > 0 && r.references.length > 0).toBe(true);
  });
});
