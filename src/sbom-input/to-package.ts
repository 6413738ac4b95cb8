/**
 * One SBOM component (CycloneDX) or package (SPDX) → one Drydock `Package`. Both readers first rewrite what they
 * found into `ComponentFacts`: the purl, name, version and a list of tool properties, with SPDX facts expressed
 * under the same property names the CycloneDX writers use. The facts each tool records, and where:
 * - Drydock: `drydock:package:type`, `…:arch`, `drydock:rpm:epoch|release`, `drydock:source:name|version`,
 *   `drydock:layer:index|diffID`, `drydock:location`, `drydock:ownedBy`, `drydock:metadata:<key>`
 *   (src/report/cyclonedx).
 * - Trivy: `aquasecurity:trivy:SrcName|SrcVersion|SrcRelease|SrcEpoch`, `…:LayerDiffID|LayerDigest`, `…:FilePath`.
 * - Syft: the purl `upstream` qualifier, `syft:metadata:source|sourceVersion|originPackage|sourceRpm`,
 *   `syft:location:<n>:path|layerID`.
 */
import { PackageURL } from 'packageurl-js';
import type { InventoryIssue, LayerRef, OwnerRef, Package, PackageType } from '../model/index.js';
import { isPackageType, packageTypeOfPurlType, parseSourceRpm, parseUpstream, splitRpmEvr } from './purl-types.js';
import type { SourceRef } from './purl-types.js';

/** What a reader found about one component, before it becomes a `Package`. */
export interface ComponentFacts {
  /** Where in the input, for issues: `components[3]`, `packages[SPDXRef-…]`. */
  where: string;
  name?: string;
  version?: string;
  purl?: string;
  /** Tool properties in document order (names may repeat: `drydock:location`). */
  properties: readonly (readonly [string, string])[];
  licenses: string[];
}

/** The result for one component: a package, or why there is none. */
export type ComponentResult =
  | { kind: 'package'; package: Package; ownerPurl?: string }
  | { kind: 'unsupported-type'; purlType: string; label: string }
  | { kind: 'issue'; issue: InventoryIssue };

/** Resolves a layer diffID to its position in the image's layer list, when the SBOM lists the layers. */
export type LayerIndexOf = (diffId: string) => number | undefined;

/** Properties looked up by name; a repeated name keeps every value, in order. */
class Props {
  private readonly map = new Map<string, string[]>();
  constructor(list: readonly (readonly [string, string])[]) {
    for (const [k, v] of list) {
      const vs = this.map.get(k);
      if (vs) vs.push(v);
      else this.map.set(k, [v]);
    }
  }
  get(name: string): string | undefined {
    const v = this.map.get(name)?.[0]?.trim();
    return v === '' ? undefined : v;
  }
  all(name: string): string[] {
    return this.map.get(name) ?? [];
  }
  /** Every [name, value] whose name starts with `prefix`, the prefix cut off. */
  withPrefix(prefix: string): [string, string][] {
    const out: [string, string][] = [];
    for (const [k, vs] of this.map) if (k.startsWith(prefix)) for (const v of vs) out.push([k.slice(prefix.length), v]);
    return out;
  }
}

function label(f: ComponentFacts): string {
  const n = f.name ?? '(no name)';
  return f.version ? `${n}@${f.version}` : n;
}

/** The Drydock package name for a purl: how the matching feeds and Drydock's catalogers name packages. */
function packageName(type: PackageType, u: PackageURL, componentName: string | undefined): string {
  const ns = u.namespace ?? undefined;
  switch (type) {
    case 'java':
      // OSV and the java cataloger name Maven artifacts groupId:artifactId.
      return ns ? `${ns}:${u.name}` : u.name;
    case 'npm':
    case 'composer':
    case 'go':
      return ns ? `${ns}/${u.name}` : u.name;
    case 'python':
      // The purl name is PEP 503-normalised; keep the project's own spelling when it is the same project.
      if (componentName && normalizePep503(componentName) === normalizePep503(u.name)) return componentName;
      return u.name;
    default:
      return u.name;
  }
}

function normalizePep503(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/**
 * A metadata value as Drydock's CycloneDX writer stored it: strings as they are, other JSON values stringified.
 * Text that is exactly the JSON form of a non-string value is read back as that value ('12986', 'true', '{…}').
 */
function metadataValue(text: string): unknown {
  if (!/^[-\d{[tfn]/.test(text)) return text;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v !== 'string' && JSON.stringify(v) === text ? v : text;
  } catch {
    return text;
  }
}

/** dpkg versions keep the epoch in the version string; Trivy moves it into an `epoch` qualifier. */
function withDpkgEpoch(version: string, epoch: string | undefined): string {
  if (!epoch || epoch === '0' || /^\d+:/.test(version)) return version;
  return `${epoch}:${version}`;
}

function sourceOf(type: PackageType, p: Props, u: PackageURL, version: string): SourceRef | undefined {
  const drydock = p.get('drydock:source:name');
  if (drydock) {
    const v = p.get('drydock:source:version');
    return v ? { name: drydock, version: v } : { name: drydock };
  }
  const trivy = p.get('aquasecurity:trivy:SrcName');
  if (trivy) {
    const sv = p.get('aquasecurity:trivy:SrcVersion');
    const sr = p.get('aquasecurity:trivy:SrcRelease');
    const se = p.get('aquasecurity:trivy:SrcEpoch');
    let v = sv && sr ? `${sv}-${sr}` : sv;
    // Drydock's rpm source version is the src.rpm's version-release (no epoch); dpkg's Source: keeps the epoch.
    if (v && type === 'dpkg') v = withDpkgEpoch(v, se);
    return v ? { name: trivy, version: v } : { name: trivy };
  }
  const syftRpm = p.get('syft:metadata:sourceRpm');
  if (syftRpm && type === 'rpm') return parseSourceRpm(syftRpm);
  const syftName = p.get('syft:metadata:source') ?? p.get('syft:metadata:originPackage');
  if (syftName) {
    // Syft leaves sourceVersion empty when the source version is the binary's own.
    const v = p.get('syft:metadata:sourceVersion') ?? (type === 'rpm' ? undefined : version);
    return v ? { name: syftName, version: v } : { name: syftName };
  }
  const upstream = u.qualifiers?.upstream;
  if (typeof upstream === 'string') {
    const s = parseUpstream(upstream, type);
    // Without a version Syft means "the same as the binary" (deb, apk); rpm upstreams always carry theirs.
    if (s && s.version === undefined && type !== 'rpm' && version) return { ...s, version };
    return s;
  }
  const spdx = p.get('spdx:sourceInfo:builtFrom');
  if (spdx) {
    const sp = spdx.indexOf(' ');
    const name = sp > 0 ? spdx.slice(0, sp) : spdx;
    let v = sp > 0 ? spdx.slice(sp + 1).trim() : undefined;
    if (v && type === 'rpm') v = v.replace(/^\d+:/, '');
    return v ? { name, version: v } : { name };
  }
  return undefined;
}

function layerOf(p: Props, layerIndexOf: LayerIndexOf): LayerRef | undefined {
  const diffId = p.get('drydock:layer:diffID') ?? p.get('aquasecurity:trivy:LayerDiffID') ?? p.get('syft:location:0:layerID');
  if (!diffId) return undefined;
  const idx = p.get('drydock:layer:index');
  const n = idx !== undefined && /^\d+$/.test(idx) ? Number(idx) : layerIndexOf(diffId);
  // -1: the SBOM names the layer but not its position (see docs/sbom-input.md).
  const layer: LayerRef = { index: n ?? -1, diffId };
  const digest = p.get('aquasecurity:trivy:LayerDigest');
  if (digest) layer.digest = digest;
  return layer;
}

function locationsOf(p: Props): string[] {
  const drydock = p.all('drydock:location');
  if (drydock.length > 0) return [...drydock];
  const trivy = p.all('aquasecurity:trivy:FilePath');
  if (trivy.length > 0) return trivy.map((l) => (l.startsWith('/') ? l : `/${l}`));
  const syft = p
    .withPrefix('syft:location:')
    .filter(([k]) => /^\d+:path$/.test(k))
    .map(([, v]) => v);
  if (syft.length > 0) return syft;
  return p.all('spdx:location');
}

/**
 * An owner reference from the purl of the OS package that owns a language package's files.
 * @example ownerRefFromPurl('pkg:deb/debian/python3-yaml@6.0-3+b2') // { type: 'dpkg', name: 'python3-yaml', version: '6.0-3+b2' }
 */
export function ownerRefFromPurl(purl: string): OwnerRef | undefined {
  let u: PackageURL;
  try {
    u = PackageURL.fromString(purl);
  } catch {
    return undefined;
  }
  const type = packageTypeOfPurlType(u.type);
  if (!type) return undefined;
  const q = u.qualifiers ?? {};
  let version = u.version ?? '';
  if (type === 'dpkg') version = withDpkgEpoch(version, q.epoch);
  if (type === 'rpm') {
    const evr = splitRpmEvr(version);
    version = evr.version;
  }
  return { type, name: packageName(type, u, undefined), version };
}

/**
 * Build the package for one component.
 * @example componentToPackage({ where: 'components[0]', purl: 'pkg:npm/lodash@4.17.21', properties: [], licenses: [] }, () => undefined)
 */
export function componentToPackage(f: ComponentFacts, layerIndexOf: LayerIndexOf): ComponentResult {
  const purl = f.purl?.trim();
  if (!purl) {
    return {
      kind: 'issue',
      issue: { code: 'SBOM_COMPONENT_WITHOUT_PURL', message: `${label(f)} has no purl: not imported, so not matched`, path: f.where },
    };
  }
  let u: PackageURL;
  try {
    u = PackageURL.fromString(purl);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      kind: 'issue',
      issue: { code: 'SBOM_BAD_PURL', message: `${label(f)}: purl "${purl.slice(0, 200)}" does not parse (${why.slice(0, 200)}): not imported`, path: f.where },
    };
  }
  const p = new Props(f.properties);
  const byPurl = packageTypeOfPurlType(u.type);
  if (!byPurl) return { kind: 'unsupported-type', purlType: u.type, label: label(f) };
  const declared = p.get('drydock:package:type');
  // Drydock's own type wins when it agrees with the purl's ecosystem family; a contradicting one is ignored.
  const type: PackageType = declared && isPackageType(declared) && declared === byPurl ? declared : byPurl;
  const q = u.qualifiers ?? {};

  const pkg: Package = { type, name: packageName(type, u, f.name), version: '', purl, locations: locationsOf(p) };
  const componentVersion = f.version?.trim() || undefined;
  if (type === 'rpm') {
    // The purl carries the EVR reliably (Trivy's SPDX versionInfo drops the release); the epoch may be a qualifier.
    const evr = splitRpmEvr(u.version ?? componentVersion ?? '');
    const epochProp = p.get('drydock:rpm:epoch') ?? q.epoch;
    const epoch = epochProp !== undefined && /^\d+$/.test(epochProp) ? Number(epochProp) : evr.epoch;
    const release = p.get('drydock:rpm:release') ?? evr.release;
    pkg.version = evr.version;
    if (epoch !== undefined) pkg.epoch = epoch;
    if (release) pkg.release = release;
  } else if (type === 'dpkg') {
    pkg.version = withDpkgEpoch(componentVersion ?? u.version ?? '', q.epoch);
  } else {
    // The component version is the ecosystem's own spelling (Go stdlib 'v1.21.5' vs purl '1.21.5').
    pkg.version = componentVersion ?? u.version ?? '';
  }
  const arch = p.get('drydock:package:arch') ?? q.arch;
  if (arch) pkg.arch = arch;
  if (type === 'dpkg' || type === 'apk' || type === 'rpm') {
    const source = sourceOf(type, p, u, pkg.version);
    if (source) pkg.source = source;
  }
  if (f.licenses.length > 0) pkg.licenses = [...f.licenses];
  const layer = layerOf(p, layerIndexOf);
  if (layer) pkg.layer = layer;

  const metadata = new Map<string, unknown>();
  for (const [k, v] of p.withPrefix('drydock:metadata:')) metadata.set(k, metadataValue(v));
  if (type === 'java' && u.namespace) {
    if (!metadata.has('groupId') || metadata.get('groupId') === null) metadata.set('groupId', u.namespace);
    if (!metadata.has('artifactId')) metadata.set('artifactId', u.name);
  }
  // Object.fromEntries defines own properties: a "__proto__" key from the input stays plain data.
  if (metadata.size > 0) pkg.metadata = Object.fromEntries(metadata);

  const owner = p.get('drydock:ownedBy');
  return owner ? { kind: 'package', package: pkg, ownerPurl: owner } : { kind: 'package', package: pkg };
}
