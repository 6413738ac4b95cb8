/**
 * The part both readers share: turn the component facts into packages, resolve ownership and layers, fall back to
 * the purls' `distro` qualifier for the OS, and gather the issues (capped per code, with a count of the rest).
 */
import { PackageURL } from 'packageurl-js';
import type { ImageInfo, ImageLayer, Inventory, InventoryIssue, OsInfo, OwnerRef, Package } from '../model/index.js';
import { parseDistroQualifier } from './purl-types.js';
import { componentToPackage, ownerRefFromPurl } from './to-package.js';
import type { ComponentFacts } from './to-package.js';

/** Individual issues kept per code; the rest are counted in one summary issue. */
export const MAX_ISSUES_PER_CODE = 200;

/** What a reader hands over. */
export interface ReaderOutput {
  /** The input's name (file path), used in messages and as the fallback image reference. */
  name: string;
  createdAt?: string;
  image: ImageInfo;
  os?: OsInfo;
  components: ComponentFacts[];
  /** SPDX: component index → index of the OS package component that owns its files. */
  owners?: Map<number, number>;
  issues: InventoryIssue[];
}

/** Collects issues, keeping at most `MAX_ISSUES_PER_CODE` of each code. */
class IssueList {
  private readonly kept: InventoryIssue[] = [];
  private readonly counts = new Map<string, number>();

  add(issue: InventoryIssue): void {
    const n = (this.counts.get(issue.code) ?? 0) + 1;
    this.counts.set(issue.code, n);
    if (n <= MAX_ISSUES_PER_CODE) this.kept.push(issue);
  }

  list(): InventoryIssue[] {
    const out = [...this.kept];
    for (const [code, n] of this.counts) {
      if (n > MAX_ISSUES_PER_CODE) out.push({ code, message: `${n - MAX_ISSUES_PER_CODE} more ${code} issues not listed one by one` });
    }
    return out;
  }
}

const EPOCH_ZERO = '1970-01-01T00:00:00.000Z';

function osFromDistroQualifiers(packages: readonly Package[], name: string): OsInfo | undefined {
  const votes = new Map<string, { family: string; version?: string; n: number }>();
  for (const p of packages) {
    if (p.type !== 'dpkg' && p.type !== 'apk' && p.type !== 'rpm') continue;
    let u: PackageURL;
    try {
      u = PackageURL.fromString(p.purl);
    } catch {
      continue;
    }
    const distro = u.qualifiers?.distro;
    if (typeof distro !== 'string') continue;
    const d = parseDistroQualifier(distro, u.namespace ?? undefined);
    if (!d) continue;
    const key = `${d.family}\n${d.version ?? ''}`;
    const v = votes.get(key);
    if (v) v.n += 1;
    else votes.set(key, { ...d, n: 1 });
  }
  let best: { family: string; version?: string; n: number } | undefined;
  for (const v of votes.values()) if (!best || v.n > best.n) best = v;
  if (!best) return undefined;
  const os: OsInfo = { family: best.family, source: `${name}: purl distro qualifier` };
  if (best.version) os.version = best.version;
  return os;
}

function layersFromPackages(packages: readonly Package[]): ImageLayer[] {
  const byIndex = new Map<number, ImageLayer>();
  for (const p of packages) {
    const l = p.layer;
    if (l && l.index >= 0 && !byIndex.has(l.index)) byIndex.set(l.index, { index: l.index, diffId: l.diffId, ...(l.digest ? { digest: l.digest } : {}) });
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

function validDate(text: string | undefined): string | undefined {
  if (typeof text !== 'string') return undefined;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Build the inventory from a reader's output. */
export function assembleInventory(r: ReaderOutput, toolVersion: string): { inventory: Inventory; issues: InventoryIssue[] } {
  const issues = new IssueList();
  for (const i of r.issues) issues.add(i);
  const layerIndex = new Map<string, number>();
  for (const l of r.image.layers) if (!layerIndex.has(l.diffId)) layerIndex.set(l.diffId, l.index);
  const layerIndexOf = (diffId: string): number | undefined => layerIndex.get(diffId);

  const packages: Package[] = [];
  const byComponent = new Map<number, Package>();
  const ownerPurls = new Map<Package, string>();
  const unsupported = new Map<string, string[]>();
  r.components.forEach((facts, i) => {
    const res = componentToPackage(facts, layerIndexOf);
    if (res.kind === 'issue') issues.add(res.issue);
    else if (res.kind === 'unsupported-type') {
      const list = unsupported.get(res.purlType);
      if (list) list.push(res.label);
      else unsupported.set(res.purlType, [res.label]);
    } else {
      packages.push(res.package);
      byComponent.set(i, res.package);
      if (res.ownerPurl) ownerPurls.set(res.package, res.ownerPurl);
    }
  });
  for (const [type, labels] of [...unsupported].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const shown = labels.slice(0, 10).join(', ');
    issues.add({
      code: 'SBOM_UNSUPPORTED_PURL_TYPE',
      message: `${labels.length} component(s) with purl type "${type}" not imported (no Drydock ecosystem for it): ${shown}${labels.length > 10 ? ', …' : ''}`,
    });
  }

  // Ownership: prefer the inventory's own record of the owner, so type/name/version are exactly the owner's.
  const byPurl = new Map<string, Package>();
  for (const p of packages) if (!byPurl.has(p.purl)) byPurl.set(p.purl, p);
  const toOwnerRef = (o: Package): OwnerRef => ({ type: o.type, name: o.name, version: o.version });
  for (const [p, purl] of ownerPurls) {
    const found = byPurl.get(purl);
    const ref = found ? toOwnerRef(found) : ownerRefFromPurl(purl);
    if (ref) p.ownedBy = ref;
    else issues.add({ code: 'SBOM_BAD_OWNER', message: `${p.name}@${p.version}: owner purl "${purl.slice(0, 200)}" is not an OS package purl` });
  }
  for (const [child, owner] of r.owners ?? []) {
    const c = byComponent.get(child);
    const o = byComponent.get(owner);
    if (c && o && c !== o) c.ownedBy = toOwnerRef(o);
  }

  const image: ImageInfo = r.image.layers.length > 0 ? r.image : { ...r.image, layers: layersFromPackages(packages) };
  const os = r.os ?? osFromDistroQualifiers(packages, r.name);
  let createdAt = validDate(r.createdAt);
  if (!createdAt) {
    createdAt = EPOCH_ZERO;
    issues.add({ code: 'SBOM_NO_TIMESTAMP', message: `${r.name} has no valid creation time; ${EPOCH_ZERO} used` });
  }
  const all = issues.list();
  const inventory: Inventory = {
    schema: 'drydock-inventory/1',
    tool: { name: 'drydock', version: toolVersion },
    createdAt,
    image,
    ...(os ? { os } : {}),
    packages,
    issues: all,
  };
  return { inventory, issues: all };
}
