/**
 * Test helpers: realistic scan results built inline (a Debian image with dpkg packages, an npm app layer and a
 * Maven jar), with CVSS vectors, EPSS, KEV, the distro statuses and one malicious package. The CVE facts are
 * public data (NVD, Debian tracker, CISA KEV, FIRST EPSS); the scores are those the sources published.
 */
import type { Finding, FindingPackage, Inventory, LayerRef, Package, ScanResult } from '../../../model/index.js';

export const LAYERS: LayerRef[] = [
  { index: 0, diffId: 'sha256:1111111111111111111111111111111111111111111111111111111111111111', createdBy: '/bin/sh -c #(nop) ADD file:6b3c5a0d1e2f in / ' },
  { index: 1, diffId: 'sha256:2222222222222222222222222222222222222222222222222222222222222222', createdBy: 'RUN /bin/sh -c apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/* # buildkit' },
  { index: 2, diffId: 'sha256:3333333333333333333333333333333333333333333333333333333333333333', createdBy: 'COPY app/ /app/ # buildkit' },
];

export function dpkg(name: string, version: string, layer = 0, source?: string): FindingPackage {
  return {
    type: 'dpkg', name, version,
    purl: `pkg:deb/debian/${name}@${encodeURIComponent(version)}?arch=amd64&distro=debian-12`,
    location: '/var/lib/dpkg/status', layer: LAYERS[layer]!,
    ...(source ? { sourceName: source, sourceVersion: version } : {}),
  };
}

export function npm(name: string, version: string, location = `/app/node_modules/${name}/package.json`): FindingPackage {
  const purlName = name.startsWith('@') ? `%40${name.slice(1)}` : name;
  return { type: 'npm', name, version, purl: `pkg:npm/${purlName}@${version}`, location, layer: LAYERS[2]! };
}

export function maven(group: string, artifact: string, version: string, location: string): FindingPackage {
  return { type: 'java', name: `${group}:${artifact}`, version, purl: `pkg:maven/${group}/${artifact}@${version}`, location, layer: LAYERS[2]! };
}

/** A finding with sensible defaults; override any field. */
export function finding(pkg: FindingPackage, over: Partial<Finding> & { id: string }): Finding {
  return {
    kind: 'vulnerability',
    aliases: [],
    package: pkg,
    status: 'affected',
    severity: 'MEDIUM',
    severitySource: 'nvd',
    ratings: [],
    dataSources: ['nvd'],
    ...over,
  };
}

export function sampleFindings(): Finding[] {
  const openssl = dpkg('libssl3', '3.0.11-1~deb12u2', 0, 'openssl');
  const curl = dpkg('curl', '7.88.1-10+deb12u5', 1);
  const zlib = dpkg('zlib1g', '1:1.2.13.dfsg-1', 0, 'zlib');
  const glibc = dpkg('libc6', '2.36-9+deb12u4', 0, 'glibc');
  const lodash = npm('lodash', '4.17.20');
  const evil = npm('@evil/colors-x', '1.4.44');
  const log4j = maven('org.apache.logging.log4j', 'log4j-core', '2.14.1', '/app/lib/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar');
  return [
    finding(openssl, {
      id: 'CVE-2024-0727', aliases: ['DSA-5678-1'], status: 'fixed', fixedVersion: '3.0.13-1~deb12u1',
      severity: 'MEDIUM', severitySource: 'debian',
      ratings: [
        { source: 'debian', severity: 'MEDIUM' },
        { source: 'nvd', severity: 'MEDIUM', cvss: { version: '3.1', vector: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H', score: 5.5 } },
      ],
      epss: { cve: 'CVE-2024-0727', score: 0.00131, percentile: 0.4891, date: '2024-06-01' },
      title: 'PKCS12 Decoding crashes',
      description: 'Processing a maliciously formatted PKCS12 file may lead OpenSSL to crash leading to a potential Denial of Service attack.',
      references: ['https://www.openssl.org/news/secadv/20240125.txt', 'https://security-tracker.debian.org/tracker/CVE-2024-0727'],
      cwes: ['CWE-476'], dataSources: ['osv-debian', 'nvd'],
    }),
    finding(curl, {
      id: 'CVE-2024-2398', status: 'wont_fix', severity: 'LOW', severitySource: 'debian',
      ratings: [
        { source: 'debian', severity: 'LOW' },
        { source: 'nvd', cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H', score: 5.9 } },
      ],
      title: 'HTTP/2 push headers memory-leak', dataSources: ['osv-debian'],
    }),
    finding(zlib, {
      id: 'CVE-2023-45853', status: 'wont_fix', severity: 'CRITICAL', severitySource: 'nvd',
      ratings: [{ source: 'nvd', severity: 'CRITICAL', cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 } }],
      epss: { cve: 'CVE-2023-45853', score: 0.0123, percentile: 0.8512 },
      description: 'MiniZip in zlib through 1.3 has an integer overflow and resultant heap-based buffer overflow in zipOpenNewFileInZip4_64 via a long filename, comment, or extra field.',
      cwes: ['CWE-190'], dataSources: ['osv-debian', 'nvd'],
    }),
    finding(glibc, {
      id: 'CVE-2023-4911', aliases: ['DSA-5514-1'], status: 'fixed', fixedVersion: '2.36-9+deb12u5', severity: 'HIGH', severitySource: 'debian',
      ratings: [
        { source: 'debian', severity: 'HIGH' },
        { source: 'nvd', severity: 'HIGH', cvss: { version: '3.1', vector: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', score: 7.8 } },
      ],
      kev: { cve: 'CVE-2023-4911', dateAdded: '2023-11-21', dueDate: '2023-12-12', knownRansomwareCampaignUse: 'Unknown', vendorProject: 'GNU', product: 'GNU C Library' },
      epss: { cve: 'CVE-2023-4911', score: 0.0207, percentile: 0.8812 },
      title: 'Looney Tunables: buffer overflow in ld.so via GLIBC_TUNABLES',
      references: ['https://www.qualys.com/2023/10/03/cve-2023-4911/looney-tunables-local-privilege-escalation-glibc-ld-so.txt'],
      cwes: ['CWE-787', 'CWE-122'], dataSources: ['osv-debian', 'nvd', 'kev'],
    }),
    finding(lodash, {
      id: 'CVE-2021-23337', aliases: ['GHSA-35jh-r3h4-6jhm'], status: 'fixed', fixedVersion: '4.17.21', severity: 'HIGH', severitySource: 'ghsa',
      ratings: [{ source: 'ghsa', severity: 'HIGH', cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', score: 7.2 } }],
      epss: { cve: 'CVE-2021-23337', score: 0.0093, percentile: 0.8233 },
      title: 'Command Injection in lodash',
      description: 'Lodash versions prior to 4.17.21 are vulnerable to Command Injection via the `template` function.',
      references: ['https://github.com/advisories/GHSA-35jh-r3h4-6jhm'], cwes: ['CWE-77', 'CWE-94'], dataSources: ['osv-npm'],
    }),
    finding(log4j, {
      id: 'CVE-2021-44228', aliases: ['GHSA-jfh8-c2jp-5v3q'], status: 'fixed', fixedVersion: '2.15.0', severity: 'CRITICAL', severitySource: 'ghsa',
      ratings: [
        { source: 'ghsa', severity: 'CRITICAL', cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', score: 10 } },
        { source: 'nvd', cvss: { version: '2.0', vector: 'AV:N/AC:M/Au:N/C:C/I:C/A:C', score: 9.3 } },
        { source: 'osv', cvss: { version: '4.0', vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H' } },
      ],
      kev: { cve: 'CVE-2021-44228', dateAdded: '2021-12-10', knownRansomwareCampaignUse: 'Known' },
      epss: { cve: 'CVE-2021-44228', score: 0.97565, percentile: 0.99996 },
      title: 'Remote code injection in Log4j',
      description: 'Apache Log4j2 2.0-beta9 through 2.15.0 JNDI features used in configuration, log messages, and parameters do not protect against attacker controlled LDAP and other JNDI related endpoints.',
      references: ['https://logging.apache.org/log4j/2.x/security.html', 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228'],
      cwes: ['CWE-502', 'CWE-400', 'CWE-20'], dataSources: ['osv-maven', 'nvd', 'kev', 'epss'],
    }),
    finding(evil, {
      id: 'MAL-2024-1234', kind: 'malicious', status: 'affected', severity: 'CRITICAL', severitySource: 'osv',
      title: 'Malicious code in @evil/colors-x (npm)',
      description: 'The package runs a postinstall script that exfiltrates environment variables.',
      dataSources: ['osv-malicious'],
    }),
  ];
}

function toPackage(f: FindingPackage): Package {
  return {
    type: f.type, name: f.name, version: f.version, purl: f.purl, locations: [f.location],
    ...(f.layer ? { layer: f.layer } : {}),
    ...(f.sourceName ? { source: { name: f.sourceName, ...(f.sourceVersion ? { version: f.sourceVersion } : {}) } } : {}),
  };
}

export function sampleInventory(findings: Finding[]): Inventory {
  const seen = new Map<string, Package>();
  for (const f of findings) seen.set(`${f.package.purl}\n${f.package.location}`, toPackage(f.package));
  return {
    schema: 'drydock-inventory/1',
    tool: { name: 'drydock', version: '0.1.0' },
    createdAt: '2024-07-01T10:20:30.456Z',
    image: {
      reference: 'registry.example.com/team/app:1.4.2',
      sourceKind: 'registry',
      manifestDigest: 'sha256:abcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcd',
      platform: 'linux/amd64',
      layers: LAYERS.map((l) => ({ ...l, size: 1000 + l.index })),
    },
    os: { family: 'debian', version: '12', codename: 'bookworm', prettyName: 'Debian GNU/Linux 12 (bookworm)', source: '/etc/os-release' },
    packages: [...seen.values()],
    issues: [],
  };
}

/** The full sample: findings, one suppressed by VEX, one by the ignore file, not-scanned packages, warnings, risk. */
export function sampleScanResult(): ScanResult {
  const findings = sampleFindings();
  const suppressedVex = finding(dpkg('libsqlite3-0', '3.40.1-2', 0, 'sqlite3'), {
    id: 'CVE-2022-46908', status: 'affected', severity: 'HIGH',
    ratings: [{ source: 'nvd', severity: 'HIGH', cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 7.3 } }],
  });
  const suppressedIgnore = finding(npm('minimist', '1.2.5'), { id: 'CVE-2021-44906', aliases: ['GHSA-xvch-5gv4-984h'], status: 'fixed', fixedVersion: '1.2.6', severity: 'CRITICAL' });
  const inventory = sampleInventory([...findings, suppressedVex, suppressedIgnore]);
  inventory.packages.push({ type: 'python', name: 'requests', version: '2.31.0', purl: 'pkg:pypi/requests@2.31.0', locations: ['/usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA'] });
  return {
    schema: 'drydock-scan/1',
    inventory,
    findings,
    suppressed: [
      { finding: suppressedVex, by: 'vex', reason: 'not_affected (vex.openvex.json): sqlite CLI is not shipped', justification: 'vulnerable_code_not_present' },
      { finding: suppressedIgnore, by: 'ignore-file', reason: 'only used at build time' },
    ],
    notScanned: [
      { package: { type: 'python', name: 'requests', version: '2.31.0', purl: 'pkg:pypi/requests@2.31.0', location: '/usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA' }, reason: 'OWNED_BY_OS_PACKAGE', detail: 'python3-requests' },
      { package: { type: 'nuget', name: 'Newtonsoft.Json', version: '13.0.1', purl: 'pkg:nuget/Newtonsoft.Json@13.0.1', location: '/app/app.deps.json' }, reason: 'UNSUPPORTED_ECOSYSTEM' },
    ],
    warnings: ['debian 12 is supported until 2026-06-10', 'ignore entry CVE-2020-0001 expired on 2024-01-01 and no longer suppresses'],
    risk: { score: 87, explanation: ['CVE-2021-44228 (KEV): 1.00 × 0.9 weight', 'CVE-2023-4911 (KEV): 1.00 × 0.7 weight', 'other findings: 0.12'] },
    database: { builtAt: '2024-07-01T06:00:00Z', sources: [{ id: 'osv-debian', fetchedAt: '2024-07-01T05:00:00Z', records: 41000 }, { id: 'nvd', records: 250000 }] },
  };
}

/** A finding whose texts carry every XML, HTML and Markdown special character. */
export function hostileFinding(): Finding {
  return finding(npm('left-pad<script>', '1.0.0&1', '/app/node_modules/weird dir/|pipe|/package.json'), {
    id: 'GHSA-aaaa-bbbb-cccc', status: 'affected', severity: 'HIGH',
    title: 'Title with <b>tags</b> & "quotes" | pipes | `ticks` *stars* _under_ [link](javascript:alert(1)) ]]> \u0001\u0008',
    description: 'Line one\nLine two with <script>alert("x")</script> & &amp; \'apos\' | a | b |\r\n# heading\n<!-- comment --> ]]> \uFFFE end',
    references: ['https://example.com/a b)c', 'javascript:alert(1)'],
  });
}

/** A scan result with a deleted secret, a config secret and an image hygiene finding. */
export function scanResultWithChecks(): ScanResult {
  return {
    ...sampleScanResult(),
    checks: [
      { kind: 'misconfig', ruleId: 'DD-IMG-001', title: 'Image runs as root', severity: 'MEDIUM', message: 'No USER in the image config', advice: 'Add a USER', line: 0 },
      { kind: 'secret', ruleId: 'DD-SEC-001', title: 'AWS access key pair', severity: 'CRITICAL', message: 'An AWS access key id and secret key', advice: 'Rotate the key', path: '/app/.env', line: 3, layer: 1, deleted: true, deletedInLayer: 2, match: 'AKIA****' },
      { kind: 'secret', ruleId: 'DD-SEC-004', title: 'GitHub token', severity: 'HIGH', message: 'A GitHub token in ENV <x&y>', advice: 'Use build secrets', path: '<image config>', line: 2, match: 'ghp_****' },
    ],
  };
}
