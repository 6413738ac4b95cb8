/** Compare an inventory with a test image's truth file (../shared/images/README.md, "Truth file"). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Inventory, Package } from '../../src/model/index.js';
import { archivesDir, type TestImageName } from '../helpers/shared.js';

export interface Truth {
  name: string;
  manifest_digest: string;
  config_digest: string;
  files: { docker_archive: string; oci_layout: string; oci_tag: string; rootfs: string };
  os: { id: string; version_id: string; version_codename?: string };
  counts: Record<string, number>;
  packages: Record<string, Record<string, unknown>[]>;
  layers: { index: number; digest: string; diff_id: string; added: Record<string, Record<string, unknown>[]> }[];
}

export function loadTruth(name: TestImageName): Truth {
  return JSON.parse(readFileSync(join(archivesDir, `${name}.truth.json`), 'utf8')) as Truth;
}

type Row = string;

/** One canonical line per package, in the truth's own terms, so the two sides compare as sorted string lists. */
export function truthRows(t: Truth, type: string): Row[] {
  const recs = t.packages[type] ?? [];
  switch (type) {
    case 'dpkg': return recs.map((r) => `${r.package} ${r.version} ${r.architecture} src=${r.source} ${r.source_version}`);
    case 'apk': return recs.map((r) => `${r.name} ${r.version} ${r.arch} origin=${r.origin}`);
    case 'rpm': return recs.map((r) => `${r.name} ${r.epoch ?? '-'}:${r.version}-${r.release} ${r.arch} ${r.sourcerpm}`);
    case 'npm': return recs.map((r) => `${r.path} ${r.name} ${r.version} owner=${r.dpkg_owner ?? '-'}`);
    case 'python': return recs.map((r) => `${r.path} ${r.name} ${r.version} owner=${r.dpkg_owner ?? '-'}`);
    // Java GAVs are compared separately (javaGavProblems): the truth has them only where pom.properties gives them.
    case 'java': return recs.map((r) => `${r.path} owner=${r.dpkg_owner ?? '-'}`);
    case 'go': return recs.flatMap((r) => {
      const deps = (r.deps as { path: string; version: string }[]).map((d) => `${r.path} dep ${d.path} ${d.version}`);
      return [...deps, `${r.path} main ${r.main_path}`, `${r.path} stdlib v${String(r.go_version).replace(/^go/, '')}`];
    });
    default: return [];
  }
}

/** The truth paths of python records name the dist-info/egg-info directory (or file); ours name the metadata file. */
function pythonRecordPath(p: Package): string {
  const loc = p.locations[0] ?? '';
  return loc.replace(/\/(METADATA|PKG-INFO)$/, '');
}

export function inventoryRows(inv: Inventory, type: string): Row[] {
  const pk = inv.packages.filter((p) => p.type === type);
  const owner = (p: Package): string => p.ownedBy?.name ?? '-';
  switch (type) {
    case 'dpkg': return pk.map((p) => `${p.name} ${p.version} ${p.arch} src=${p.source?.name} ${p.source?.version}`);
    case 'apk': return pk.map((p) => `${p.name} ${p.version} ${p.arch} origin=${p.source?.name}`);
    case 'rpm': return pk.map((p) => `${p.name} ${p.epoch ?? '-'}:${p.version}-${p.release} ${p.arch} ${String(p.metadata?.sourceRpm)}`);
    case 'npm': return pk.filter((p) => p.metadata?.source !== 'lockfile').map((p) => `${p.locations[0]} ${p.name} ${p.version} owner=${owner(p)}`);
    case 'python': return pk.map((p) => `${pythonRecordPath(p)} ${p.name} ${p.version} owner=${owner(p)}`);
    case 'java': return pk
      .filter((p) => !p.metadata?.embedded)
      .map((p) => `${p.locations[0]} owner=${owner(p)}`);
    case 'go': return pk.map((p) => {
      const kind = p.metadata?.stdlib ? 'stdlib' : p.metadata?.mainModule ? 'main' : 'dep';
      return kind === 'dep' || kind === 'stdlib' ? `${p.locations[0]} ${kind === 'dep' ? `dep ${p.name}` : 'stdlib'} ${p.version}` : `${p.locations[0]} main ${p.name}`;
    });
    default: return [];
  }
}

/** For each final package in the truth, the layer after which it is present (the last layer that added it). */
export function truthLayerOf(t: Truth, type: string, row: Row): number | undefined {
  let layer: number | undefined;
  for (const l of t.layers) {
    const fake: Truth = { ...t, packages: { [type]: l.added[type] ?? [] } };
    if (truthRows(fake, type).includes(row)) layer = l.index;
  }
  return layer;
}

/** Java archives whose pom.properties gives a GAV in the truth must carry exactly that GAV. */
export function javaGavProblems(t: Truth, inv: Inventory): string[] {
  const byPath = new Map(inv.packages.filter((p) => p.type === 'java' && !p.metadata?.embedded).map((p) => [p.locations[0], p]));
  const problems: string[] = [];
  for (const r of t.packages.java ?? []) {
    if (r.groupId == null) continue;
    const p = byPath.get(r.path as string);
    const got = p ? `${String(p.metadata?.groupId)}:${String(p.metadata?.artifactId)}:${p.version}` : 'missing';
    const want = `${r.groupId}:${r.artifactId}:${r.version}`;
    if (got !== want) problems.push(`${r.path}: ${got} != ${want}`);
    if (p && p.metadata?.sha1 !== undefined && p.metadata.sha1 !== r.sha1) problems.push(`${r.path}: sha1 ${String(p.metadata.sha1)} != ${r.sha1}`);
  }
  return problems;
}
