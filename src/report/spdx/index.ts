/**
 * SPDX 2.3 JSON. Spec: https://spdx.github.io/spdx-spec/v2.3/ (document creation §6, packages §7, relationships §11,
 * other licensing information §10, licence expressions Annex D). The mapping is documented in docs/formats.md.
 */
import type { ImageInfo, Inventory, OsInfo, Package } from '../../model/index.js';
import { canonicalizeInventory, contentDigest, parseCreatedAt } from '../canonical-inventory.js';
import { ReportError } from '../errors.js';
import { classifyLicense, joinWithAnd } from '../license-expression.js';
import { displayVersion, packageOriginator, packageSupplier } from '../package-facts.js';
import type { Party } from '../package-facts.js';
import { assignPackageRefs, sha256Hex } from '../package-refs.js';
import type { RenderOptions, ReportFormat } from '../types.js';

export const id = 'spdx';
export const displayName = 'SPDX 2.3 JSON';

/** Default base of the document namespace (`.invalid` is reserved: the URI names, it does not resolve). */
export const DEFAULT_NAMESPACE_BASE = 'https://drydock.invalid/spdxdocs';
export const DOCUMENT_SPDXID = 'SPDXRef-DOCUMENT';
export const IMAGE_SPDXID = 'SPDXRef-Image';
export const OS_SPDXID = 'SPDXRef-OperatingSystem';

const NOASSERTION = 'NOASSERTION';

export interface SpdxExternalRef {
  referenceCategory: 'PACKAGE-MANAGER' | 'SECURITY' | 'PERSISTENT-ID' | 'OTHER';
  referenceType: string;
  referenceLocator: string;
}

export interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  supplier?: string;
  originator?: string;
  downloadLocation: string;
  filesAnalyzed: boolean;
  checksums?: { algorithm: 'SHA256'; checksumValue: string }[];
  sourceInfo?: string;
  licenseConcluded: string;
  licenseDeclared: string;
  copyrightText: string;
  description?: string;
  comment?: string;
  externalRefs?: SpdxExternalRef[];
  primaryPackagePurpose?: 'CONTAINER' | 'OPERATING-SYSTEM' | 'LIBRARY';
}

export interface SpdxRelationship {
  spdxElementId: string;
  relationshipType: 'DESCRIBES' | 'CONTAINS';
  relatedSpdxElement: string;
  comment?: string;
}

export interface SpdxExtractedLicense {
  licenseId: string;
  name?: string;
  extractedText: string;
  comment?: string;
}

/** The SPDX 2.3 document Drydock writes (the subset of the schema it uses). */
export interface SpdxDocument {
  spdxVersion: 'SPDX-2.3';
  dataLicense: 'CC0-1.0';
  SPDXID: typeof DOCUMENT_SPDXID;
  name: string;
  documentNamespace: string;
  creationInfo: { created: string; creators: string[] };
  packages: SpdxPackage[];
  relationships: SpdxRelationship[];
  hasExtractedLicensingInfos?: SpdxExtractedLicense[];
}

/** Replace every character an SPDX idstring cannot hold (letters, digits, "." and "-" only) by "-". */
export function toIdString(text: string, max = 64): string {
  const s = text.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
  return s.slice(0, max).replace(/-+$/, '') || 'x';
}

function party(p: Party | undefined): string | undefined {
  if (!p) return undefined;
  // Agent syntax (SPDX 2.3 §7.5): "Person: name (email)" / "Organization: name (email)".
  return `${p.kind}: ${p.name}${p.email ? ` (${p.email})` : ''}`;
}

/** Collects the LicenseRef-… ids a document uses, with the text each stands for. */
class ExtractedLicenses {
  readonly byId = new Map<string, SpdxExtractedLicense>();

  /** A LicenseRef for a free-text licence name; lossy names get a hash suffix so two texts never share an id. */
  refForName(name: string): string {
    const idString = toIdString(name);
    const licenseId = `LicenseRef-${idString === name ? idString : `${idString}-${sha256Hex(name).slice(0, 8)}`}`;
    if (!this.byId.has(licenseId)) this.byId.set(licenseId, { licenseId, name, extractedText: name });
    return licenseId;
  }

  /** Record a LicenseRef the package metadata used directly (its text is unknown to Drydock). */
  noteDirect(licenseId: string): void {
    if (this.byId.has(licenseId)) return;
    this.byId.set(licenseId, {
      licenseId,
      extractedText: licenseId,
      comment: 'The package metadata names this licence reference; its text was not recorded.',
    });
  }

  list(): SpdxExtractedLicense[] {
    return [...this.byId.values()].sort((a, b) => (a.licenseId < b.licenseId ? -1 : a.licenseId > b.licenseId ? 1 : 0));
  }
}

/** licenseDeclared: the recorded licences ANDed, free-text ones as LicenseRef-…; NOASSERTION when none. */
function declaredLicense(recorded: readonly string[] | undefined, extracted: ExtractedLicenses): string {
  const parts: string[] = [];
  for (const text of recorded ?? []) {
    if (text.trim() === '') continue;
    const c = classifyLicense(text);
    // A DocumentRef points into another SPDX document this one does not reference: keep it as text.
    const expr = c.kind === 'id' ? c.id : c.kind === 'expression' && !c.expression.includes('DocumentRef-') ? c.expression : extracted.refForName(text.trim());
    if (!parts.includes(expr)) parts.push(expr);
  }
  if (parts.length === 0) return NOASSERTION;
  const joined = joinWithAnd(parts) ?? NOASSERTION;
  for (const m of joined.matchAll(/LicenseRef-[A-Za-z0-9.-]+/g)) extracted.noteDirect(m[0]);
  return joined;
}

function sourceInfo(p: Package): string {
  const where = p.locations.length > 0 ? p.locations.join(', ') : 'an unknown location';
  const layer = p.layer ? ` (layer ${p.layer.index}, ${p.layer.diffId})` : '';
  return `${p.type} package recorded at ${where}${layer}`;
}

function packageSpdxIds(packages: readonly Package[]): Map<Package, string> {
  const refs = assignPackageRefs(packages);
  const used = new Set<string>([DOCUMENT_SPDXID, IMAGE_SPDXID, OS_SPDXID]);
  const ids = new Map<Package, string>();
  for (const p of packages) {
    // Readable part plus a hash of the unique instance reference: stable across runs, unique per occurrence.
    const base = `SPDXRef-Package-${toIdString(p.type)}-${toIdString(p.name, 48)}-${toIdString(displayVersion(p), 32)}-${sha256Hex(refs.get(p) ?? p.purl).slice(0, 12)}`;
    let spdxId = base;
    for (let n = 2; used.has(spdxId); n++) spdxId = `${base}-${n}`;
    used.add(spdxId);
    ids.set(p, spdxId);
  }
  return ids;
}

function imagePackage(inv: Inventory): SpdxPackage {
  const digest = inv.image.manifestDigest;
  const pkg: SpdxPackage = {
    SPDXID: IMAGE_SPDXID,
    name: inv.image.reference,
    ...(digest ? { versionInfo: digest } : {}),
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    licenseConcluded: NOASSERTION,
    licenseDeclared: NOASSERTION,
    copyrightText: NOASSERTION,
    primaryPackagePurpose: 'CONTAINER',
  };
  const hex = digest?.startsWith('sha256:') ? digest.slice('sha256:'.length) : undefined;
  if (hex && /^[0-9a-f]{64}$/.test(hex)) pkg.checksums = [{ algorithm: 'SHA256', checksumValue: hex }];
  const facts = [`source kind ${inv.image.sourceKind}`];
  if (inv.image.platform) facts.push(`platform ${inv.image.platform}`);
  if (inv.image.configDigest) facts.push(`config ${inv.image.configDigest}`);
  pkg.comment = `Container image: ${facts.join(', ')}.`;
  return pkg;
}

function osPackage(os: OsInfo): SpdxPackage {
  return {
    SPDXID: OS_SPDXID,
    name: os.family,
    ...(os.version ? { versionInfo: os.version } : {}),
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    sourceInfo: `read from ${os.source}`,
    licenseConcluded: NOASSERTION,
    licenseDeclared: NOASSERTION,
    copyrightText: NOASSERTION,
    ...(os.prettyName ? { description: os.prettyName } : {}),
    primaryPackagePurpose: 'OPERATING-SYSTEM',
  };
}

/** SPDX dates are UTC to the second (§6.9): the milliseconds are dropped. */
function spdxCreated(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The namespace a document without `options.namespace` gets: from the image, the content digest and the time. */
export function derivedNamespace(image: ImageInfo, digest: string, created: string): string {
  const manifest = image.manifestDigest?.replace(/^sha256:/, '') ?? 'no-digest';
  return `${DEFAULT_NAMESPACE_BASE}/${toIdString(image.reference, 100)}/${toIdString(manifest, 72)}-${sha256Hex(`${digest}:${created}`).slice(0, 16)}`;
}

function namespaceFor(inventory: Inventory, inv: Inventory, created: string, options: RenderOptions): string {
  if (options.namespace !== undefined) {
    let ok = false;
    try {
      ok = new URL(options.namespace).protocol !== '' && !options.namespace.includes('#');
    } catch {
      ok = false;
    }
    // SPDX 2.3 §6.5: an absolute URI with no "#" part.
    if (!ok) throw new ReportError('INVALID_OPTION', `namespace must be an absolute URI without "#": ${options.namespace.slice(0, 80)}`);
    return options.namespace;
  }
  return derivedNamespace(inv.image, contentDigest(inventory, inv), created);
}

/**
 * Build the SPDX 2.3 document for an inventory: the image as the described root package, the OS and every
 * package CONTAINed in it, language packages also CONTAINed by the OS package that owns them.
 * @throws {ReportError} `INVALID_OPTION` for a bad `namespace`, `INVALID_INVENTORY` for a bad `createdAt`.
 */
export function buildSpdxDocument(inventory: Inventory, options: RenderOptions = {}): SpdxDocument {
  const inv = canonicalizeInventory(inventory);
  const created = spdxCreated(parseCreatedAt(inv));
  const extracted = new ExtractedLicenses();
  const ids = packageSpdxIds(inv.packages);
  const packages: SpdxPackage[] = [imagePackage(inv)];
  const relationships: SpdxRelationship[] = [{ spdxElementId: DOCUMENT_SPDXID, relationshipType: 'DESCRIBES', relatedSpdxElement: IMAGE_SPDXID }];
  if (inv.os) {
    packages.push(osPackage(inv.os));
    relationships.push({ spdxElementId: IMAGE_SPDXID, relationshipType: 'CONTAINS', relatedSpdxElement: OS_SPDXID });
  }
  const ownership: SpdxRelationship[] = [];
  for (const p of inv.packages) {
    const spdxId = ids.get(p) as string;
    const supplier = party(packageSupplier(p));
    const originator = party(packageOriginator(p));
    packages.push({
      SPDXID: spdxId,
      name: p.name,
      versionInfo: displayVersion(p),
      ...(supplier ? { supplier } : {}),
      ...(originator ? { originator } : {}),
      downloadLocation: NOASSERTION,
      filesAnalyzed: false,
      sourceInfo: sourceInfo(p),
      licenseConcluded: NOASSERTION,
      licenseDeclared: declaredLicense(p.licenses, extracted),
      copyrightText: NOASSERTION,
      externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: p.purl }],
      primaryPackagePurpose: 'LIBRARY',
    });
    relationships.push({ spdxElementId: IMAGE_SPDXID, relationshipType: 'CONTAINS', relatedSpdxElement: spdxId });
    const o = p.ownedBy;
    if (o) {
      for (const q of inv.packages) {
        if (q.type === o.type && q.name === o.name && q.version === o.version) {
          ownership.push({
            spdxElementId: ids.get(q) as string,
            relationshipType: 'CONTAINS',
            relatedSpdxElement: spdxId,
            comment: 'The OS package installed the files of this package.',
          });
        }
      }
    }
  }
  const doc: SpdxDocument = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: DOCUMENT_SPDXID,
    name: inv.image.reference,
    documentNamespace: namespaceFor(inventory, inv, created, options),
    creationInfo: { created, creators: [`Tool: ${inv.tool.name}-${inv.tool.version}`] },
    packages,
    relationships: [...relationships, ...ownership],
  };
  const licenses = extracted.list();
  if (licenses.length > 0) doc.hasExtractedLicensingInfos = licenses;
  return doc;
}

/**
 * Render the inventory as an SPDX 2.3 JSON document (two-space indent, final newline). Deterministic: the
 * namespace comes from the image digest and a hash of the content unless `options.namespace` is given.
 * @throws {ReportError} `INVALID_OPTION`, `INVALID_INVENTORY`.
 * @example JSON.parse(renderSpdx(inv)).spdxVersion // 'SPDX-2.3'
 */
export function renderSpdx(inventory: Inventory, options: RenderOptions = {}): string {
  return `${JSON.stringify(buildSpdxDocument(inventory, options), null, 2)}\n`;
}

export const format: ReportFormat = {
  id,
  displayName,
  mediaType: 'application/spdx+json',
  fileExtension: '.spdx.json',
  specs: ['https://spdx.github.io/spdx-spec/v2.3/'],
  render: renderSpdx,
  timeBound(createdAt, digest, image, options) {
    const created = spdxCreated(new Date(createdAt));
    return options.namespace === undefined ? [created, derivedNamespace(image, digest(), created)] : [created];
  },
};
