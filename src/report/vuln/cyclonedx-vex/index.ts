/**
 * CycloneDX 1.6 JSON with vulnerabilities (a BOM with VEX): the inventory's components, built by the CycloneDX
 * inventory format, plus one `vulnerabilities[]` entry per finding and per suppressed finding — id, source, ratings
 * (CVSSv2/v3/v31/v4 with vectors and scores, and the severity labels of vendors), CWEs, aliases as references,
 * advisories, `affects` pointing at the component's bom-ref, the fix as recommendation and, for suppressed
 * findings, the analysis (state, justification, detail).
 * Spec: https://cyclonedx.org/docs/1.6/json/#vulnerabilities; VEX: https://cyclonedx.org/capabilities/vex/
 */
import type * as Enums from '@cyclonedx/cyclonedx-library/Enums';
import type * as Models from '@cyclonedx/cyclonedx-library/Models';
import { cyclonedxLibrary } from '../../cyclonedx/library.js';
import type { CvssVersion, Finding, ScanResult, Severity, Suppressed } from '../../../model/index.js';
import { buildCycloneDxBom, uuidV5 } from '../../cyclonedx/index.js';
import { ReportError } from '../../errors.js';
import { sha256Hex } from '../../package-refs.js';
import { canonicalizeScanResult } from '../json/canonical.js';
import { renderScanJson } from '../json/index.js';
import { VulnReportError } from '../errors.js';
import { advisoryUrl, cvssScoreOf, formatEpss, identifierKind, remediationText, webReferences } from '../facts.js';
import type { VulnRenderOptions, VulnReportFormat } from '../types.js';

export const id = 'cyclonedx-vex';
export const displayName = 'CycloneDX 1.6 with vulnerabilities (VEX)';

/** The enum tables, built on first use (the CycloneDX library loads lazily). */
function vexTables() {
  const { Enums } = cyclonedxLibrary();
  const { RatingMethod, Severity: CdxSeverity, AnalysisState, AnalysisJustification, AnalysisResponse, AffectStatus } = Enums.Vulnerability;
  const METHOD: Record<CvssVersion, Enums.Vulnerability.RatingMethod> = {
    '2.0': RatingMethod.CVSSv2,
    '3.0': RatingMethod.CVSSv3,
    '3.1': RatingMethod.CVSSv31,
    '4.0': RatingMethod.CVSSv4,
  };
  const SEVERITY: Record<Severity, Enums.Vulnerability.Severity> = {
    CRITICAL: CdxSeverity.Critical,
    HIGH: CdxSeverity.High,
    MEDIUM: CdxSeverity.Medium,
    LOW: CdxSeverity.Low,
    NEGLIGIBLE: CdxSeverity.Info,
    UNKNOWN: CdxSeverity.Unknown,
  };
  /**
   * OpenVEX justifications → CycloneDX analysis justifications (the correspondence vexctl and the CISA VEX
   * minimum-requirements document use); CycloneDX values pass through.
   */
  const JUSTIFICATION: Record<string, Enums.Vulnerability.AnalysisJustification> = {
    component_not_present: AnalysisJustification.CodeNotPresent,
    vulnerable_code_not_present: AnalysisJustification.CodeNotPresent,
    vulnerable_code_not_in_execute_path: AnalysisJustification.CodeNotReachable,
    vulnerable_code_cannot_be_controlled_by_adversary: AnalysisJustification.RequiresEnvironment,
    inline_mitigations_already_exist: AnalysisJustification.ProtectedByMitigatingControl,
    ...Object.fromEntries(Object.values(AnalysisJustification).map((v) => [v, v])),
  };
  return { RatingMethod, AnalysisState, AnalysisResponse, AffectStatus, METHOD, SEVERITY, JUSTIFICATION };
}

let tablesCache: ReturnType<typeof vexTables> | undefined;
const tables = (): ReturnType<typeof vexTables> => (tablesCache ??= vexTables());

function sourceFor(vid: string, f?: Finding): Models.Vulnerability.Source {
  const { Models } = cyclonedxLibrary();
  const kind = identifierKind(vid);
  const name = kind === 'cve' ? 'NVD' : kind === 'ghsa' ? 'GitHub Advisory Database' : (f?.dataSources[0] ?? 'OSV');
  return new Models.Vulnerability.Source({ name, url: advisoryUrl(vid) });
}

function ratingsOf(f: Finding): Models.Vulnerability.Rating[] {
  const { Models } = cyclonedxLibrary();
  const { METHOD, RatingMethod, SEVERITY } = tables();
  return f.ratings.map((r) => {
    const score = cvssScoreOf(r);
    return new Models.Vulnerability.Rating({
      source: new Models.Vulnerability.Source({ name: r.source }),
      ...(r.cvss ? { method: METHOD[r.cvss.version], vector: r.cvss.vector } : { method: RatingMethod.Other }),
      ...(score !== undefined ? { score } : {}),
      ...(r.severity ? { severity: SEVERITY[r.severity] } : {}),
    });
  });
}

function analysisOf(s: Suppressed): Models.Vulnerability.Analysis {
  const { Enums, Models } = cyclonedxLibrary();
  const { AnalysisResponse, JUSTIFICATION, AnalysisState } = tables();
  if (s.by === 'ignore-file') {
    // An accepted risk: Drydock does not claim the package is unaffected, only that it will not be fixed for now.
    return new Models.Vulnerability.Analysis({
      response: new Enums.Vulnerability.AnalysisResponseRepository([AnalysisResponse.WillNotFix]),
      detail: `Accepted in the ignore file: ${s.reason}`,
    });
  }
  const fixed = /^fixed\b/.test(s.reason);
  const j = s.justification ? JUSTIFICATION[s.justification] : undefined;
  const detail = s.justification && !j ? `${s.reason} (justification: ${s.justification})` : s.reason;
  return new Models.Vulnerability.Analysis({
    state: fixed ? AnalysisState.Resolved : AnalysisState.NotAffected,
    ...(j && !fixed ? { justification: j } : {}),
    detail,
  });
}

function vulnerabilityOf(f: Finding, component: Models.Component, suppressed?: Suppressed): Models.Vulnerability.Vulnerability {
  const { Models } = cyclonedxLibrary();
  const { AffectStatus } = tables();
  const v = new Models.Vulnerability.Vulnerability({
    bomRef: `drydock:vuln:${f.id}|${component.bomRef.value ?? f.package.purl}`,
    id: f.id,
    source: sourceFor(f.id, f),
    ...(f.description ?? f.title ? { description: f.description ?? f.title } : {}),
    ...(f.title && f.description ? { detail: f.title } : {}),
    recommendation: remediationText(f),
    ...(suppressed ? { analysis: analysisOf(suppressed) } : {}),
  });
  for (const r of ratingsOf(f)) v.ratings.add(r);
  for (const c of f.cwes ?? []) {
    const n = Number(/^CWE-(\d+)$/i.exec(c)?.[1]);
    if (Number.isSafeInteger(n) && n > 0) v.cwes.add(n);
  }
  for (const a of f.aliases) if (a !== f.id) v.references.add(new Models.Vulnerability.Reference(a, sourceFor(a)));
  for (const url of webReferences(f)) v.advisories.add(new Models.Vulnerability.Advisory(url));
  const affect = new Models.Vulnerability.Affect(component.bomRef);
  affect.versions.add(new Models.Vulnerability.AffectedSingleVersion(f.package.version, { status: suppressed ? AffectStatus.Unaffected : AffectStatus.Affected }));
  v.affects.add(affect);
  const props: [string, string][] = [['drydock:finding:kind', f.kind], ['drydock:finding:status', f.status], ['drydock:severity', f.severity]];
  if (f.fixedVersion) props.push(['drydock:fixedVersion', f.fixedVersion]);
  if (f.epss) props.push(['drydock:epss', String(f.epss.score)], ['drydock:epss:percentile', formatEpss(f.epss.percentile)]);
  if (f.kev) props.push(['drydock:kev:dateAdded', f.kev.dateAdded]);
  if (suppressed) props.push(['drydock:suppressed:by', suppressed.by]);
  for (const [n, val] of props) v.properties.add(new Models.Property(n, val));
  return v;
}

/**
 * Build the CycloneDX model: the inventory BOM plus the vulnerabilities.
 * @throws {VulnReportError} `INVALID_OPTION` for a malformed `serialNumber`, `INVALID_SCAN_RESULT` for a bad `createdAt`.
 */
export function buildVexBom(input: ScanResult, options: VulnRenderOptions = {}): Models.Bom {
  const { Enums, Models } = cyclonedxLibrary();
  const result = canonicalizeScanResult(input);
  // The serial is derived from the whole scan result, so a new finding or suppression gives a new document.
  const serialNumber = options.serialNumber ?? `urn:uuid:${uuidV5(`drydock:cyclonedx-vex:${sha256Hex(renderScanJson(result))}`)}`;
  let bom: Models.Bom;
  try {
    bom = buildCycloneDxBom(result.inventory, { serialNumber });
  } catch (e) {
    if (e instanceof ReportError) throw new VulnReportError(e.code === 'INVALID_OPTION' ? 'INVALID_OPTION' : 'INVALID_SCAN_RESULT', e.message, { cause: e });
    throw e;
  }
  const byPurl = new Map<string, Models.Component[]>();
  for (const c of bom.components) {
    if (!c.purl) continue;
    const key = c.purl.toString();
    byPurl.set(key, [...(byPurl.get(key) ?? []), c]);
  }
  const componentFor = (f: Finding): Models.Component => {
    const candidates = byPurl.get(f.package.purl) ?? [];
    const at = candidates.find((c) => [...c.properties].some((p) => p.name === 'drydock:location' && p.value === f.package.location));
    if (at ?? candidates[0]) return (at ?? candidates[0])!;
    // A finding for a package the inventory does not list (a scan of an SBOM, for instance): add it.
    const c = new Models.Component(Enums.ComponentType.Library, f.package.name, {
      bomRef: `${f.package.purl}|${f.package.location}`,
      version: f.package.version,
      purl: f.package.purl,
    });
    c.properties.add(new Models.Property('drydock:package:type', f.package.type));
    c.properties.add(new Models.Property('drydock:location', f.package.location));
    bom.components.add(c);
    byPurl.set(f.package.purl, [c]);
    return c;
  };
  for (const f of result.findings) bom.vulnerabilities.add(vulnerabilityOf(f, componentFor(f)));
  for (const s of result.suppressed) bom.vulnerabilities.add(vulnerabilityOf(s.finding, componentFor(s.finding), s));
  return bom;
}

/**
 * Render CycloneDX 1.6 JSON with vulnerabilities (two-space indent, final newline). Deterministic.
 * @throws {VulnReportError} `INVALID_OPTION`, `INVALID_SCAN_RESULT`.
 * @example JSON.parse(renderCycloneDxVex(result)).vulnerabilities[0].affects[0].ref
 */
export function renderCycloneDxVex(result: ScanResult, options: VulnRenderOptions = {}): string {
  const { Serialize, Spec } = cyclonedxLibrary();
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  // sortLists stays off: the library sorts with localeCompare (machine-dependent); insertion order is canonical.
  return `${serializer.serialize(buildVexBom(result, options), { sortLists: false, space: 2 })}\n`;
}

export const format: VulnReportFormat = {
  id,
  displayName,
  mediaType: 'application/vnd.cyclonedx+json',
  fileExtension: '.cdx.json',
  specs: ['https://cyclonedx.org/docs/1.6/json/#vulnerabilities', 'https://cyclonedx.org/capabilities/vex/'],
  render: renderCycloneDxVex,
};
