/**
 * purl type → Drydock package type, and the purl facts OS packages carry (source package, rpm epoch, distro).
 * purl spec: https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst
 */
import type { PackageType } from '../model/index.js';

/** The purl types Drydock matches, and the package type each becomes. Anything else is reported, not imported. */
export const PURL_TYPE_TO_PACKAGE_TYPE: Readonly<Record<string, PackageType>> = {
  apk: 'apk',
  cargo: 'cargo',
  composer: 'composer',
  deb: 'dpkg',
  gem: 'gem',
  golang: 'go',
  julia: 'julia',
  maven: 'java',
  npm: 'npm',
  nuget: 'nuget',
  pypi: 'python',
  rpm: 'rpm',
};

const PACKAGE_TYPES: ReadonlySet<string> = new Set(Object.values(PURL_TYPE_TO_PACKAGE_TYPE));

/** The package type for a purl type, or undefined when Drydock has no matcher for it. */
export function packageTypeOfPurlType(purlType: string): PackageType | undefined {
  return Object.hasOwn(PURL_TYPE_TO_PACKAGE_TYPE, purlType) ? PURL_TYPE_TO_PACKAGE_TYPE[purlType] : undefined;
}

/** True when `text` is one of the model's package types (Drydock's own `drydock:package:type` property). */
export function isPackageType(text: string): text is PackageType {
  return PACKAGE_TYPES.has(text);
}

/** An rpm EVR split as the model keeps it. */
export interface RpmEvr {
  epoch?: number;
  version: string;
  release?: string;
}

/**
 * Split rpm `[epoch:]version[-release]` (rpm(8) EVR). The release is after the last '-': rpm forbids '-' in
 * version and release. A non-numeric epoch prefix is left in the version rather than guessed at.
 * @example splitRpmEvr('1:3.0.7-27.el9') // { epoch: 1, version: '3.0.7', release: '27.el9' }
 */
export function splitRpmEvr(evr: string): RpmEvr {
  let rest = evr;
  let epoch: number | undefined;
  const m = /^(\d+):(.*)$/.exec(rest);
  if (m) {
    epoch = Number(m[1]);
    rest = m[2] ?? '';
  }
  const dash = rest.lastIndexOf('-');
  const out: RpmEvr = dash > 0 ? { version: rest.slice(0, dash), release: rest.slice(dash + 1) } : { version: rest };
  if (epoch !== undefined && Number.isSafeInteger(epoch)) out.epoch = epoch;
  return out;
}

/** A source package reference: name and, when known, version. */
export interface SourceRef {
  name: string;
  version?: string;
}

/**
 * The source package named by a purl `upstream` qualifier. Syft writes `upstream=curl`, `upstream=openssl@3.0.11-1`
 * (deb/apk: `name[@version]`) and, for rpm, the source rpm file name `openssl-3.0.7-27.el9.src.rpm`.
 * @example parseUpstream('openssl-3.0.7-27.el9.src.rpm', 'rpm') // { name: 'openssl', version: '3.0.7-27.el9' }
 */
export function parseUpstream(upstream: string, type: PackageType): SourceRef | undefined {
  const u = upstream.trim();
  if (u === '') return undefined;
  if (type === 'rpm' && u.endsWith('.rpm')) return parseSourceRpm(u);
  const at = u.indexOf('@');
  if (at > 0) {
    const version = u.slice(at + 1);
    return version ? { name: u.slice(0, at), version } : { name: u.slice(0, at) };
  }
  return { name: u };
}

/**
 * Split a source rpm file name `<name>-<version>-<release>.src.rpm` (also `.nosrc.rpm`) into the name and
 * `version-release`, the form Drydock's rpm cataloger records.
 */
export function parseSourceRpm(file: string): SourceRef | undefined {
  const stem = file.replace(/\.(?:no)?src\.rpm$/, '');
  const r = stem.lastIndexOf('-');
  const v = r > 0 ? stem.lastIndexOf('-', r - 1) : -1;
  if (v <= 0) return stem ? { name: stem } : undefined;
  return { name: stem.slice(0, v), version: stem.slice(v + 1) };
}

/**
 * os-release ID for the distribution names other tools use. Trivy names families after its detectors
 * ("redhat", "alma", "amazon" …); os-release(5) IDs are what Drydock's os-release cataloger and the matchers use.
 */
const FAMILY_ALIASES: Readonly<Record<string, string>> = {
  alma: 'almalinux',
  amazon: 'amzn',
  'cbl-mariner': 'mariner',
  oracle: 'ol',
  'opensuse.leap': 'opensuse-leap',
  'opensuse.tumbleweed': 'opensuse-tumbleweed',
  redhat: 'rhel',
  'suse linux enterprise server': 'sles',
};

/** The os-release ID for a distribution name as another tool wrote it (lower case, aliases resolved). */
export function normalizeFamily(name: string): string {
  const f = name.trim().toLowerCase();
  return Object.hasOwn(FAMILY_ALIASES, f) ? (FAMILY_ALIASES[f] as string) : f;
}

/**
 * The version as os-release VERSION_ID would give it. Debian's VERSION_ID is the major release ('12') while SBOM
 * tools read /etc/debian_version ('12.15'); the Debian feeds key advisories by the major release. Other
 * distributions keep the version the SBOM gives.
 */
export function normalizeOsVersion(family: string, version: string | undefined): string | undefined {
  const v = version?.trim();
  if (!v) return undefined;
  if (family === 'debian') return /^(\d+)\.\d+/.exec(v)?.[1] ?? v;
  // Ubuntu's VERSION_ID is '22.04'; SBOM tools may write the point release ('22.04.2').
  if (family === 'ubuntu') return /^(\d+\.\d+)\.\d+$/.exec(v)?.[1] ?? v;
  return v;
}

/**
 * Family and version from a purl `distro` qualifier: `debian-12`, `alpine-3.17.10`, `rhel-9.3`; Trivy's apk purls
 * carry only the version (`distro=3.17.10`), so the purl namespace names the family then.
 * @example parseDistroQualifier('debian-12.15', 'debian') // { family: 'debian', version: '12' }
 */
export function parseDistroQualifier(distro: string, namespace: string | undefined): { family: string; version?: string } | undefined {
  const d = distro.trim();
  if (d === '') return undefined;
  const m = /^([A-Za-z][A-Za-z0-9._ ]*?)-(\d[^\s]*)$/.exec(d);
  if (m && m[1] && m[2]) {
    const family = normalizeFamily(m[1]);
    return { family, version: normalizeOsVersion(family, m[2]) };
  }
  if (/^\d/.test(d) && namespace) {
    const family = normalizeFamily(namespace);
    return { family, version: normalizeOsVersion(family, d) };
  }
  if (/^[A-Za-z]/.test(d)) return { family: normalizeFamily(d) };
  return undefined;
}
