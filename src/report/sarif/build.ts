/**
 * A generic SARIF 2.1.0 log builder: a tool, its rules and its results with file/line locations. It knows nothing
 * of Dockerfiles or images; each scanner maps its own rules and findings onto these inputs.
 * Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */

/** SARIF result levels (§3.27.10). */
export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

/** Drydock's severity names, as every scanner reports them. */
export type SeverityName = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFO';

/** The tool that produced the log. */
export interface SarifToolInput {
  name: string;
  version: string;
  informationUri?: string;
}

/** One rule, becomes a `reportingDescriptor` (§3.49). */
export interface SarifRuleInput {
  id: string;
  /** Short title. */
  title: string;
  /** Longer text: what and why. */
  description?: string;
  /** Markdown or text on how to fix. */
  help?: string;
  helpUri?: string;
  severity: SeverityName;
  tags?: string[];
}

/** A place in a file; lines and columns are 1-based. */
export interface SarifLocationInput {
  /** Path relative to the scanned root (forward or back slashes), or an absolute URI. */
  path: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
}

/** One result (§3.27). */
export interface SarifResultInput {
  ruleId: string;
  message: string;
  /** Defaults to the rule's severity. */
  severity?: SeverityName;
  locations: SarifLocationInput[];
  /** Extra JSON-safe facts (layer, package …) for the result's property bag. */
  properties?: Record<string, unknown>;
}

/** The input of {@link buildSarifLog}. */
export interface SarifLogInput {
  tool: SarifToolInput;
  rules: SarifRuleInput[];
  results: SarifResultInput[];
  /** Absolute `file://` URI of the directory relative paths are relative to, when known. */
  rootUri?: string;
}

/** The subset of the SARIF object model we emit. */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

export interface SarifRun {
  tool: { driver: Record<string, unknown> };
  results: Record<string, unknown>[];
  originalUriBaseIds?: Record<string, { uri: string }>;
}

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * Maps a severity to a SARIF level and to the numeric `security-severity` that GitHub code scanning reads
 * (it buckets >= 9.0 critical, >= 7.0 high, >= 4.0 medium, else low).
 */
export function sarifLevelOf(severity: SeverityName): { level: SarifLevel; securitySeverity: string } {
  switch (severity) {
    case 'CRITICAL':
      return { level: 'error', securitySeverity: '9.5' };
    case 'HIGH':
      return { level: 'error', securitySeverity: '8.0' };
    case 'MEDIUM':
      return { level: 'warning', securitySeverity: '5.5' };
    case 'LOW':
      return { level: 'note', securitySeverity: '2.0' };
    case 'INFO':
      return { level: 'note', securitySeverity: '0.0' };
  }
}

/**
 * Builds a SARIF 2.1.0 log with one run.
 * @throws {Error} when a result names a rule that is not in `rules` (a bug in the caller)
 * @example buildSarifLog({ tool: { name: 'drydock', version: '0.1.0' }, rules: [], results: [] }).version // '2.1.0'
 */
export function buildSarifLog(input: SarifLogInput): SarifLog {
  const index = new Map<string, number>();
  input.rules.forEach((r, i) => index.set(r.id, i));
  const rules = input.rules.map((r) => {
    const { level, securitySeverity } = sarifLevelOf(r.severity);
    const d: Record<string, unknown> = {
      id: r.id,
      name: toPascalName(r.title),
      shortDescription: { text: r.title },
      fullDescription: { text: r.description ?? r.title },
      defaultConfiguration: { level },
      properties: { 'security-severity': securitySeverity, precision: 'high', tags: r.tags ?? ['security'] },
    };
    if (r.help) d.help = { text: r.help, markdown: r.help };
    if (r.helpUri) d.helpUri = r.helpUri;
    return d;
  });
  const results = input.results.map((res) => {
    const ruleIndex = index.get(res.ruleId);
    if (ruleIndex === undefined) throw new Error(`SARIF result for unknown rule '${res.ruleId}'`);
    const severity = res.severity ?? input.rules[ruleIndex]!.severity;
    const out: Record<string, unknown> = {
      ruleId: res.ruleId,
      ruleIndex,
      level: sarifLevelOf(severity).level,
      message: { text: res.message },
      locations: res.locations.map((loc) => {
        const artifact = toArtifactLocation(loc.path);
        const physical: Record<string, unknown> = { artifactLocation: artifact };
        const region = toRegion(loc);
        if (region) physical.region = region;
        return { physicalLocation: physical };
      }),
    };
    if (res.properties) out.properties = res.properties;
    return out;
  });
  const driver: Record<string, unknown> = { name: input.tool.name, version: input.tool.version, rules };
  if (input.tool.informationUri) driver.informationUri = input.tool.informationUri;
  const run: SarifRun = { tool: { driver }, results };
  // Relative paths are against %SRCROOT%; consumers such as GitHub resolve it to the checkout when it is not given.
  if (input.rootUri) run.originalUriBaseIds = { '%SRCROOT%': { uri: input.rootUri.endsWith('/') ? input.rootUri : `${input.rootUri}/` } };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

/** SARIF wants a URI reference (§3.4.3): forward slashes, percent-encoded, relative paths against a base id. */
function toArtifactLocation(path: string): { uri: string; uriBaseId?: string } {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return { uri: path };
  const slashed = path.replace(/\\/g, '/');
  if (slashed.startsWith('/')) return { uri: `file://${encodePath(slashed)}` };
  return { uri: encodePath(slashed.replace(/^\.\//, '')), uriBaseId: '%SRCROOT%' };
}

function encodePath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

/** Regions need startLine >= 1; a bad endLine (before startLine) is dropped rather than emitted invalid. */
function toRegion(loc: SarifLocationInput): Record<string, number> | undefined {
  if (loc.startLine === undefined || loc.startLine < 1) return undefined;
  const region: Record<string, number> = { startLine: Math.floor(loc.startLine) };
  if (loc.endLine !== undefined && loc.endLine >= loc.startLine) region.endLine = Math.floor(loc.endLine);
  if (loc.startColumn !== undefined && loc.startColumn >= 1) region.startColumn = Math.floor(loc.startColumn);
  return region;
}

/** `Base image uses the latest tag` → `BaseImageUsesTheLatestTag` (SARIF `name` is meant to be an identifier). */
function toPascalName(title: string): string {
  return title
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}
