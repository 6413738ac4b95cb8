/**
 * VEX input: OpenVEX 0.2 (https://github.com/openvex/spec/blob/main/OPENVEX-SPEC.md) and CycloneDX VEX (a CycloneDX
 * 1.4–1.6 JSON BOM with `vulnerabilities[].analysis`, https://cyclonedx.org/capabilities/vex/), both read into one
 * list of statements. `not_affected` and `fixed` statements suppress the findings they name (they move to
 * `ScanResult.suppressed` with `by: 'vex'` and the justification); `affected` and `under_investigation` keep them.
 *
 * VEX documents come from suppliers and from the user's repository: the text is size-limited, every known object is
 * checked with zod, and unknown fields in the OpenVEX document and in a CycloneDX `analysis` are errors (a misspelt
 * `justifcation` must not pass as a statement without one). CycloneDX BOMs carry many other sections; only the
 * ones read here are checked.
 */
import { z } from 'zod';
import type { Finding, ScanResult, Suppressed } from '../model/index.js';
import { PolicyError } from './errors.js';
import { idMatches, imageMatches, parsePurl, purlMatches } from './match.js';

/** Largest VEX document accepted, in UTF-16 code units (32 MiB). */
export const MAX_VEX_LENGTH = 32 << 20;
/** Most statements (OpenVEX) or vulnerabilities (CycloneDX) per document. */
export const MAX_VEX_STATEMENTS = 100_000;

/** The OpenVEX status vocabulary, which CycloneDX analysis states are mapped onto. */
export type VexStatus = 'not_affected' | 'affected' | 'fixed' | 'under_investigation';

/** What a statement is about: ids of the product (purl, image reference, digest) and optional subcomponents (purls). */
export interface VexProduct {
  ids: string[];
  subcomponents: string[];
  /** CycloneDX: the BOM's own subject (`metadata.component`), taken to be the scanned image. */
  isSubject?: boolean;
}

/** One statement, normalised. */
export interface VexStatement {
  vulnerability: string;
  aliases: string[];
  products: VexProduct[];
  status: VexStatus;
  /** OpenVEX justification or CycloneDX analysis justification, as written. */
  justification?: string;
  impactStatement?: string;
  actionStatement?: string;
  /** ms since the epoch: the statement's, else the document's. */
  timestamp?: number;
  /** 0-based position in the document. */
  index: number;
}

/** A parsed VEX document. */
export interface VexDocument {
  /** The file name the user gave, for messages. */
  name: string;
  format: 'openvex' | 'cyclonedx';
  statements: VexStatement[];
  /** Entries that were valid but could not be used (a CycloneDX `affects` ref that resolves to nothing, …). */
  issues: string[];
}

const str = (max = 10_000) => z.string().max(max, `longer than ${max} characters`);

// OpenVEX 0.2 §Data model. `vulnerability` and products were plain strings in 0.0.x; both shapes are read.
const openVexComponent = z
  .object({ '@id': str().optional(), identifiers: z.record(str()).optional(), hashes: z.record(str()).optional() })
  .strict();
const openVexProduct = z.union([
  str(),
  openVexComponent.extend({ subcomponents: z.array(z.union([str(), openVexComponent])).max(10_000).optional() }).strict(),
]);
const OPENVEX_JUSTIFICATIONS = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
] as const;
const openVexStatement = z
  .object({
    '@id': str().optional(),
    version: z.union([z.number(), str()]).optional(),
    vulnerability: z.union([
      str(200),
      z.object({ '@id': str().optional(), name: str(200), description: str(100_000).optional(), aliases: z.array(str(200)).max(1000).optional() }).strict(),
    ]),
    timestamp: str(100).optional(),
    last_updated: str(100).optional(),
    products: z.array(openVexProduct).max(10_000).optional(),
    status: z.enum(['not_affected', 'affected', 'fixed', 'under_investigation']),
    supplier: str().optional(),
    status_notes: str(100_000).optional(),
    justification: z.enum(OPENVEX_JUSTIFICATIONS).optional(),
    impact_statement: str(100_000).optional(),
    action_statement: str(100_000).optional(),
    action_statement_timestamp: str(100).optional(),
  })
  .strict();
const openVexDocument = z
  .object({
    '@context': str(500),
    '@id': str(2000),
    author: str(2000),
    role: str(2000).optional(),
    timestamp: str(100),
    last_updated: str(100).optional(),
    version: z.union([z.number().int().nonnegative(), str(50)]),
    tooling: str(2000).optional(),
    statements: z.array(openVexStatement).max(MAX_VEX_STATEMENTS),
  })
  .strict();

// CycloneDX 1.6 §vulnerabilities (https://cyclonedx.org/docs/1.6/json/#vulnerabilities).
const cdxComponent: z.ZodType<{ 'bom-ref'?: string; purl?: string; name?: string; components?: unknown[] }> = z.lazy(() =>
  z.object({ 'bom-ref': str().optional(), purl: str().optional(), name: str().optional(), components: z.array(cdxComponent).max(100_000).optional() }).passthrough(),
);
const cdxAnalysis = z
  .object({
    state: z.enum(['resolved', 'resolved_with_pedigree', 'exploitable', 'in_triage', 'false_positive', 'not_affected']).optional(),
    justification: z
      .enum([
        'code_not_present', 'code_not_reachable', 'requires_configuration', 'requires_dependency', 'requires_environment',
        'protected_by_compiler', 'protected_at_runtime', 'protected_at_perimeter', 'protected_by_mitigating_control',
      ])
      .optional(),
    response: z.array(z.enum(['can_not_fix', 'will_not_fix', 'update', 'rollback', 'workaround_available'])).max(10).optional(),
    detail: str(100_000).optional(),
    firstIssued: str(100).optional(),
    lastUpdated: str(100).optional(),
  })
  .strict();
const cdxVulnerability = z
  .object({
    'bom-ref': str().optional(),
    id: str(200).optional(),
    references: z.array(z.object({ id: str(200) }).passthrough()).max(1000).optional(),
    analysis: cdxAnalysis.optional(),
    affects: z.array(z.object({ ref: str() }).passthrough()).max(100_000).optional(),
    updated: str(100).optional(),
  })
  .passthrough();
const cdxDocument = z
  .object({
    bomFormat: z.literal('CycloneDX'),
    specVersion: z.enum(['1.4', '1.5', '1.6']),
    metadata: z.object({ timestamp: str(100).optional(), component: cdxComponent.optional() }).passthrough().optional(),
    components: z.array(cdxComponent).max(100_000).optional(),
    vulnerabilities: z.array(cdxVulnerability).max(MAX_VEX_STATEMENTS).optional(),
  })
  .passthrough();

function time(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

function issueText(e: z.ZodError): string {
  const i = e.issues[0]!;
  const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '') || '(root)';
  return `${path}: ${i.message}`;
}

function parseOpenVex(data: unknown, name: string): VexDocument {
  const r = openVexDocument.safeParse(data);
  if (!r.success) throw new PolicyError('INVALID_VEX', `${name}: not a valid OpenVEX document: ${issueText(r.error)}`, { cause: r.error });
  const doc = r.data;
  const docTime = time(doc.last_updated) ?? time(doc.timestamp);
  const statements = doc.statements.map((s, index): VexStatement => {
    const vuln = typeof s.vulnerability === 'string' ? { name: s.vulnerability, aliases: [] as string[] } : s.vulnerability;
    // OpenVEX §Status: a not_affected statement MUST carry a justification or an impact statement.
    if (s.status === 'not_affected' && !s.justification && !s.impact_statement) {
      throw new PolicyError('INVALID_VEX', `${name}: statements[${index}] (${vuln.name}): not_affected needs a justification or an impact_statement`);
    }
    const products = (s.products ?? []).map((p): VexProduct => {
      if (typeof p === 'string') return { ids: [p], subcomponents: [] };
      const ids = [p['@id'], ...Object.values(p.identifiers ?? {})].filter((x): x is string => Boolean(x));
      const subcomponents = (p.subcomponents ?? []).flatMap((c) => (typeof c === 'string' ? [c] : [c['@id'], ...Object.values(c.identifiers ?? {})].filter((x): x is string => Boolean(x))));
      return { ids, subcomponents };
    });
    const ts = time(s.last_updated) ?? time(s.timestamp) ?? docTime;
    return {
      vulnerability: vuln.name,
      aliases: vuln.aliases ?? [],
      products,
      status: s.status,
      ...(s.justification ? { justification: s.justification } : {}),
      ...(s.impact_statement || s.status_notes ? { impactStatement: s.impact_statement ?? s.status_notes } : {}),
      ...(s.action_statement ? { actionStatement: s.action_statement } : {}),
      ...(ts !== undefined ? { timestamp: ts } : {}),
      index,
    };
  });
  return { name, format: 'openvex', statements, issues: [] };
}

const CDX_STATE: Record<string, VexStatus> = {
  not_affected: 'not_affected',
  false_positive: 'not_affected',
  resolved: 'fixed',
  resolved_with_pedigree: 'fixed',
  exploitable: 'affected',
  in_triage: 'under_investigation',
};

function parseCycloneDxVex(data: unknown, name: string): VexDocument {
  const r = cdxDocument.safeParse(data);
  if (!r.success) throw new PolicyError('INVALID_VEX', `${name}: not a valid CycloneDX VEX document: ${issueText(r.error)}`, { cause: r.error });
  const bom = r.data;
  const refs = new Map<string, string | undefined>();
  const walk = (list: readonly { 'bom-ref'?: string; purl?: string; components?: unknown[] }[] | undefined): void => {
    for (const c of list ?? []) {
      if (c['bom-ref']) refs.set(c['bom-ref'], c.purl);
      walk(c.components as typeof list);
    }
  };
  walk(bom.components);
  const subjectRef = bom.metadata?.component?.['bom-ref'];
  const docTime = time(bom.metadata?.timestamp);
  const issues: string[] = [];
  const statements: VexStatement[] = [];
  (bom.vulnerabilities ?? []).forEach((v, index) => {
    const where = `${name}: vulnerabilities[${index}]${v.id ? ` (${v.id})` : ''}`;
    if (!v.id) {
      issues.push(`${where}: no id, skipped`);
      return;
    }
    const state = v.analysis?.state;
    if (!state) {
      issues.push(`${where}: no analysis state, skipped`);
      return;
    }
    const products: VexProduct[] = [];
    for (const a of v.affects ?? []) {
      // A BOM-Link (urn:cdx:serial/version#ref) points into another BOM: its fragment is the bom-ref there.
      const ref = a.ref.startsWith('urn:cdx:') && a.ref.includes('#') ? decodeURIComponent(a.ref.slice(a.ref.indexOf('#') + 1)) : a.ref;
      if (subjectRef !== undefined && ref === subjectRef) products.push({ ids: [], subcomponents: [], isSubject: true });
      else if (refs.get(ref)) products.push({ ids: [refs.get(ref)!], subcomponents: [] });
      else if (parsePurl(ref)) products.push({ ids: [ref], subcomponents: [] });
      else issues.push(`${where}: affects ref "${ref.slice(0, 100)}" names no component with a purl, ignored`);
    }
    if (products.length === 0) {
      issues.push(`${where}: affects nothing Drydock can match, skipped`);
      return;
    }
    const ts = time(v.analysis?.lastUpdated) ?? time(v.updated) ?? time(v.analysis?.firstIssued) ?? docTime;
    const justification = v.analysis?.justification ?? (state === 'false_positive' ? 'false_positive' : undefined);
    statements.push({
      vulnerability: v.id,
      aliases: (v.references ?? []).map((x) => x.id),
      products,
      status: CDX_STATE[state]!,
      ...(justification ? { justification } : {}),
      ...(v.analysis?.detail ? { impactStatement: v.analysis.detail } : {}),
      ...(ts !== undefined ? { timestamp: ts } : {}),
      index,
    });
  });
  return { name, format: 'cyclonedx', statements, issues };
}

/**
 * Parse a VEX document: OpenVEX (an `@context` naming openvex.dev) or CycloneDX JSON (`bomFormat: "CycloneDX"`).
 * @param text the document
 * @param name its file name, used in every message
 * @throws {PolicyError} `INPUT_TOO_LARGE`, or `INVALID_VEX` naming the document and the offending entry.
 * @example parseVex(text, 'vex/app.openvex.json').statements.length
 */
export function parseVex(text: string, name: string): VexDocument {
  if (typeof text !== 'string') throw new PolicyError('INVALID_VEX', `${name}: expected text`);
  if (text.length > MAX_VEX_LENGTH) throw new PolicyError('INPUT_TOO_LARGE', `${name}: ${text.length} characters is more than the ${MAX_VEX_LENGTH} a VEX document may have`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new PolicyError('INVALID_VEX', `${name}: not JSON: ${(e as Error).message}`, { cause: e });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new PolicyError('INVALID_VEX', `${name}: a VEX document is a JSON object`);
  const obj = data as Record<string, unknown>;
  const ctx = obj['@context'];
  if (typeof ctx === 'string' && /openvex/i.test(ctx)) return parseOpenVex(obj, name);
  if (obj.bomFormat === 'CycloneDX') return parseCycloneDxVex(obj, name);
  throw new PolicyError('INVALID_VEX', `${name}: neither OpenVEX (@context https://openvex.dev/ns/…) nor CycloneDX (bomFormat "CycloneDX")`);
}

/** True when the statement names this finding in this image. */
export function vexStatementMatches(s: VexStatement, f: Finding, result: ScanResult): boolean {
  if (!idMatches(s.vulnerability, f) && !s.aliases.some((a) => idMatches(a, f))) return false;
  const image = result.inventory.image;
  const subOk = (p: VexProduct): boolean => p.subcomponents.length === 0 || p.subcomponents.some((c) => purlMatches(c, f.package.purl));
  return s.products.some((p) => {
    if (p.isSubject || p.ids.some((id) => imageMatches(id, image))) return subOk(p);
    // The product is the package itself.
    return p.ids.some((id) => purlMatches(id, f.package.purl));
  });
}

/**
 * Apply VEX documents: for each finding the statements that name it are gathered from every document and the most
 * recent one decides (timestamps; on a tie the later document, then the later statement). `not_affected` and
 * `fixed` move the finding to `suppressed`; `affected` and `under_investigation` keep it. Document issues become
 * warnings. The input is not changed.
 * @example applyVex(result, [parseVex(text, 'app.openvex.json')])
 */
export function applyVex(result: ScanResult, documents: readonly VexDocument[]): ScanResult {
  const findings: Finding[] = [];
  const suppressed: Suppressed[] = [];
  for (const f of result.findings) {
    let best: { doc: VexDocument; s: VexStatement } | undefined;
    for (const doc of documents) {
      for (const s of doc.statements) {
        if (!vexStatementMatches(s, f, result)) continue;
        const t = s.timestamp ?? Number.NEGATIVE_INFINITY;
        const bt = best?.s.timestamp ?? Number.NEGATIVE_INFINITY;
        // `>=`: on equal timestamps the later statement (later document, later position) wins.
        if (!best || t >= bt) best = { doc, s };
      }
    }
    if (best && (best.s.status === 'not_affected' || best.s.status === 'fixed')) {
      const s = best.s;
      suppressed.push({
        finding: f,
        by: 'vex',
        reason: `${s.status} (${best.doc.name})${s.impactStatement ? `: ${s.impactStatement}` : ''}`,
        ...(s.justification ? { justification: s.justification } : {}),
      });
    } else {
      findings.push(f);
    }
  }
  const warnings = documents.flatMap((d) => d.issues);
  return { ...result, findings, suppressed: [...result.suppressed, ...suppressed], warnings: [...result.warnings, ...warnings] };
}
