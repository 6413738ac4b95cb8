/**
 * SPDX 2.2 / 2.3 JSON → reader output. Spec: https://spdx.github.io/spdx-spec/v2.3/ (packages §7, external
 * references §7.21 and Annex F for `purl`, relationships §11). SPDX has no property bag, so what other tools put
 * in free-text fields is read by their known shapes and rewritten under the CycloneDX property names
 * `to-package.ts` reads:
 * - Drydock: `sourceInfo` "<type> package recorded at <paths> (layer <n>, <diffID>)", the image `comment`
 *   "Container image: source kind …, platform …, config …", ownership as package-CONTAINS-package.
 * - Trivy: `attributionTexts` "Key: value" (PkgID, LayerDiffID, LayerDigest; ImageID, DiffID, RepoTag, RepoDigest
 *   on the image), `sourceInfo` "built package from: <source> <version>".
 * - Syft: `sourceInfo` "acquired package info from <what>: <paths>".
 */
import { PackageURL } from 'packageurl-js';
import type { ImageInfo, InventoryIssue, OsInfo, SourceKind } from '../model/index.js';
import type { ReaderOutput } from './assemble.js';
import { SbomInputError, zodMessage } from './errors.js';
import { SBOM_LIMITS } from './limits.js';
import type { SbomLimits } from './limits.js';
import { normalizeFamily, normalizeOsVersion } from './purl-types.js';
import { spdxDocument, spdxExtractedLicense, spdxPackage, spdxRelationship } from './schema.js';
import type { SpdxPackageIn, SpdxRelationshipIn } from './schema.js';
import type { ComponentFacts } from './to-package.js';

const SOURCE_KINDS: ReadonlySet<string> = new Set<SourceKind>(['docker-archive', 'oci-dir', 'oci-archive', 'registry', 'rootfs']);
const DIGEST_RE = /^sha256:[0-9a-f]{64}$/;
const OS_PURL_TYPES: ReadonlySet<string> = new Set(['deb', 'apk', 'rpm']);
const DRYDOCK_SOURCE_INFO = /^([a-z]+) package recorded at (.*?)(?: \(layer (\d+), ([^)\s]+)\))?$/s;

function purlOf(p: SpdxPackageIn): string | undefined {
  return p.externalRefs?.find((r) => r.referenceType === 'purl' && r.referenceLocator.trim() !== '')?.referenceLocator;
}

function purlType(purl: string | undefined): string | undefined {
  return purl ? /^pkg:\/*([A-Za-z0-9.+-]+)\//.exec(purl)?.[1]?.toLowerCase() : undefined;
}

/** Trivy's "Key: value" attribution texts. */
function attributions(p: SpdxPackageIn): [string, string][] {
  const out: [string, string][] = [];
  for (const t of p.attributionTexts ?? []) {
    const m = /^([A-Za-z]+): (.+)$/s.exec(t);
    if (m && m[1] && m[2]) out.push([m[1], m[2].trim()]);
  }
  return out;
}

function isOsPackage(p: SpdxPackageIn): boolean {
  return p.primaryPackagePurpose === 'OPERATING-SYSTEM' || (p.primaryPackagePurpose === undefined && p.SPDXID.startsWith('SPDXRef-OperatingSystem'));
}

function isImagePackage(p: SpdxPackageIn): boolean {
  return p.primaryPackagePurpose === 'CONTAINER' || p.SPDXID.startsWith('SPDXRef-ContainerImage') || purlType(purlOf(p)) === 'oci';
}

function licensesOf(p: SpdxPackageIn, extracted: Map<string, string>): string[] {
  for (const text of [p.licenseDeclared, p.licenseConcluded]) {
    const t = text?.trim();
    if (!t || t === 'NOASSERTION' || t === 'NONE') continue;
    // A lone LicenseRef stands for free text: give back the text it was made from.
    return [extracted.get(t) ?? t];
  }
  return [];
}

function factsOf(p: SpdxPackageIn, extracted: Map<string, string>): ComponentFacts {
  const props: [string, string][] = attributions(p).map(([k, v]) => [`aquasecurity:trivy:${k}`, v]);
  const info = p.sourceInfo?.trim() ?? '';
  const own = DRYDOCK_SOURCE_INFO.exec(info);
  if (own && own[1] && own[2] !== undefined) {
    props.push(['drydock:package:type', own[1]]);
    if (own[2] !== 'an unknown location') for (const loc of own[2].split(', ')) props.push(['drydock:location', loc]);
    if (own[3] && own[4]) props.push(['drydock:layer:index', own[3]], ['drydock:layer:diffID', own[4]]);
  } else if (info.startsWith('built package from: ')) {
    props.push(['spdx:sourceInfo:builtFrom', info.slice('built package from: '.length).trim()]);
  } else {
    const m = /^acquired package info from [^:]*: (.+)$/s.exec(info);
    if (m && m[1]) for (const loc of m[1].split(', ')) props.push(['spdx:location', loc.trim()]);
  }
  const f: ComponentFacts = { where: `packages[${p.SPDXID}]`, properties: props, licenses: licensesOf(p, extracted) };
  if (p.name !== undefined) f.name = p.name;
  if (p.versionInfo !== undefined) f.version = p.versionInfo;
  const purl = purlOf(p);
  if (purl !== undefined) f.purl = purl;
  return f;
}

function osOf(p: SpdxPackageIn, name: string): OsInfo | undefined {
  if (!p.name?.trim()) return undefined;
  const family = normalizeFamily(p.name);
  const own = /^read from (.+)$/.exec(p.sourceInfo ?? '')?.[1];
  const version = own ? p.versionInfo : normalizeOsVersion(family, p.versionInfo);
  const os: OsInfo = { family, source: own ?? `${name}: operating-system package` };
  if (version) os.version = version;
  if (p.description) os.prettyName = p.description;
  return os;
}

function imageOf(p: SpdxPackageIn | undefined, docName: string | undefined, name: string): ImageInfo {
  if (!p) return { reference: docName?.trim() || name, sourceKind: 'rootfs', layers: [] };
  const purl = purlOf(p);
  let oci: PackageURL | undefined;
  if (purlType(purl) === 'oci') {
    try {
      oci = PackageURL.fromString(purl as string);
    } catch {
      oci = undefined;
    }
  }
  const comment = p.comment ?? '';
  const kind = /source kind ([a-z-]+)/.exec(comment)?.[1];
  const sourceKind: SourceKind = kind && SOURCE_KINDS.has(kind) ? (kind as SourceKind) : oci ? 'registry' : 'rootfs';
  const image: ImageInfo = { reference: p.name?.trim() || docName?.trim() || name, sourceKind, layers: [] };
  const attr = attributions(p);
  const repoDigest = attr.find(([k]) => k === 'RepoDigest')?.[1].split('@')[1];
  const digest = [p.versionInfo, oci?.version ?? undefined, repoDigest].find((d) => d !== undefined && DIGEST_RE.test(d));
  if (digest) image.manifestDigest = digest;
  const config = /config (sha256:[0-9a-f]{64})/.exec(comment)?.[1] ?? attr.find(([k]) => k === 'ImageID')?.[1];
  if (config) image.configDigest = config;
  const platform = /platform ([^,]+?)(?:,|\.$)/.exec(comment)?.[1];
  if (platform) image.platform = platform;
  const tags = attr.filter(([k]) => k === 'RepoTag').map(([, v]) => v);
  if (tags.length > 0) image.repoTags = tags;
  // Trivy's "DiffID: …" texts are not used for layers: their order is Trivy's sort order, not the layer order.
  return image;
}

/**
 * Read a parsed SPDX 2.2/2.3 JSON document.
 * @throws {SbomInputError} `INVALID_SBOM` when the top-level fields have the wrong types, `SBOM_TOO_LARGE`.
 */
export function readSpdx(doc: unknown, name: string, limits: SbomLimits = SBOM_LIMITS): ReaderOutput {
  const top = spdxDocument.safeParse(doc);
  if (!top.success) throw new SbomInputError('INVALID_SBOM', `${name}: not a valid SPDX document (${zodMessage(top.error)})`);
  const rawPackages = top.data.packages ?? [];
  const rawRelationships = top.data.relationships ?? [];
  if (rawPackages.length > limits.maxComponents) {
    throw new SbomInputError('SBOM_TOO_LARGE', `${name}: ${rawPackages.length} packages, more than ${limits.maxComponents}`);
  }
  if (rawRelationships.length > limits.maxRelationships) {
    throw new SbomInputError('SBOM_TOO_LARGE', `${name}: ${rawRelationships.length} relationships, more than ${limits.maxRelationships}`);
  }
  const issues: InventoryIssue[] = [];
  const extracted = new Map<string, string>();
  for (const raw of top.data.hasExtractedLicensingInfos ?? []) {
    const e = spdxExtractedLicense.safeParse(raw);
    if (e.success && e.data.name) extracted.set(e.data.licenseId, e.data.name);
  }
  const packages: SpdxPackageIn[] = [];
  rawPackages.forEach((raw, i) => {
    const p = spdxPackage.safeParse(raw);
    if (p.success) packages.push(p.data);
    else issues.push({ code: 'SBOM_BAD_COMPONENT', message: `package has wrong types (${zodMessage(p.error)}): skipped`, path: `packages[${i}]` });
  });
  const relationships: SpdxRelationshipIn[] = [];
  for (const raw of rawRelationships) {
    const r = spdxRelationship.safeParse(raw);
    if (r.success) relationships.push(r.data);
  }

  const byId = new Map<string, SpdxPackageIn>();
  for (const p of packages) if (!byId.has(p.SPDXID)) byId.set(p.SPDXID, p);
  const described = [
    ...(top.data.documentDescribes ?? []),
    ...relationships.filter((r) => r.relationshipType === 'DESCRIBES' && r.spdxElementId === 'SPDXRef-DOCUMENT').map((r) => r.relatedSpdxElement),
    ...relationships.filter((r) => r.relationshipType === 'DESCRIBED_BY' && r.relatedSpdxElement === 'SPDXRef-DOCUMENT').map((r) => r.spdxElementId),
  ];
  const root = described.map((id) => byId.get(id)).find((p) => p !== undefined);
  const imagePkg = root && isImagePackage(root) ? root : packages.find((p) => p.primaryPackagePurpose === 'CONTAINER');
  const image = imageOf(imagePkg, top.data.name, name);

  let os: OsInfo | undefined;
  const components: ComponentFacts[] = [];
  const indexOf = new Map<string, number>();
  for (const p of packages) {
    if (p === imagePkg) continue;
    if (isOsPackage(p)) {
      const found = osOf(p, name);
      if (found && !os) os = found;
      else if (found && os && (found.family !== os.family || found.version !== os.version)) {
        issues.push({ code: 'SBOM_MULTIPLE_OS', message: `a second operating system ${found.family} ${found.version ?? ''} ignored; using ${os.family} ${os.version ?? ''}`, path: `packages[${p.SPDXID}]` });
      }
      continue;
    }
    // Packages without a purl that only group others (Trivy's lock files, source directories) still get an issue.
    if (!indexOf.has(p.SPDXID)) indexOf.set(p.SPDXID, components.length);
    components.push(factsOf(p, extracted));
  }

  // Ownership: an OS package CONTAINS a language package (Drydock writes exactly that; other tools do not).
  const owners = new Map<number, number>();
  for (const r of relationships) {
    if (r.relationshipType !== 'CONTAINS') continue;
    const owner = indexOf.get(r.spdxElementId);
    const child = indexOf.get(r.relatedSpdxElement);
    if (owner === undefined || child === undefined) continue;
    const ot = purlType(components[owner]?.purl);
    const ct = purlType(components[child]?.purl);
    if (ot && OS_PURL_TYPES.has(ot) && ct && !OS_PURL_TYPES.has(ct)) owners.set(child, owner);
  }

  const out: ReaderOutput = { name, image, components, owners, issues };
  const created = top.data.creationInfo?.created;
  if (created !== undefined) out.createdAt = created;
  if (os) out.os = os;
  return out;
}
