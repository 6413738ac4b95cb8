/**
 * `--sbom <file>` input: read a CycloneDX or SPDX JSON SBOM written by any tool (Drydock, Trivy, Syft …) into a
 * Drydock `Inventory`, so the matcher treats it exactly like a scanned image. Pure: the caller reads the file.
 * What is read from which tool, and the limits: docs/sbom-input.md.
 */
import type { Inventory, InventoryIssue } from '../model/index.js';
import { assembleInventory } from './assemble.js';
import { readCycloneDx } from './cyclonedx.js';
import { SbomInputError } from './errors.js';
import { SBOM_LIMITS } from './limits.js';
import type { SbomLimits } from './limits.js';
import { readSpdx } from './spdx.js';

export { SbomInputError } from './errors.js';
export type { SbomInputErrorCode } from './errors.js';
export { SBOM_LIMITS } from './limits.js';
export type { SbomLimits } from './limits.js';

/** The SBOM formats `parseSbom` reads. */
export type SbomFormat = 'cyclonedx-json' | 'spdx-json';

/** What `detectSbomFormat` found. */
export interface DetectedSbom {
  format: SbomFormat;
  /** `specVersion` (CycloneDX '1.5') or `spdxVersion` (SPDX 'SPDX-2.3'). */
  specVersion: string;
  /** The SBOM document (unwrapped from an in-toto statement when it came in one). */
  document: Record<string, unknown>;
}

/** Options for `parseSbom`. */
export interface ParseSbomOptions {
  /** Drydock's version, for `inventory.tool.version`. Default '0.0.0'. */
  toolVersion?: string;
  /** Tighter (or looser) bounds than `SBOM_LIMITS`, e.g. for a server that accepts uploads. */
  limits?: Partial<SbomLimits>;
}

const CYCLONEDX_VERSIONS: ReadonlySet<string> = new Set(['1.2', '1.3', '1.4', '1.5', '1.6', '1.7']);
const SPDX_VERSIONS: ReadonlySet<string> = new Set(['SPDX-2.2', 'SPDX-2.3']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * An attestation wraps the SBOM: a DSSE envelope (`cosign attest`, `trivy image --format cosign-vuln`) holds a
 * base64 in-toto statement, whose `predicate` is the SBOM (https://github.com/in-toto/attestation/tree/main/spec).
 * The signature is not checked: the SBOM is read as the user gave it.
 */
function unwrapAttestation(parsed: Record<string, unknown>, name: string): Record<string, unknown> {
  let doc = parsed;
  if (typeof doc.payloadType === 'string' && doc.payloadType.includes('in-toto') && typeof doc.payload === 'string') {
    let statement: unknown;
    try {
      const binary = atob(doc.payload);
      statement = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    } catch (e) {
      throw new SbomInputError('NOT_JSON', `${name}: the DSSE envelope's payload is not base64 JSON`, { cause: e });
    }
    if (!isObject(statement)) throw new SbomInputError('UNKNOWN_SBOM_FORMAT', `${name}: the DSSE envelope's payload is not an in-toto statement`);
    doc = statement;
  }
  if (typeof doc._type === 'string' && doc._type.includes('in-toto') && isObject(doc.predicate)) doc = doc.predicate;
  return doc;
}

/** Non-JSON SBOM encodings get a clear "unsupported" instead of a JSON syntax error. */
function rejectNonJson(text: string, name: string): void {
  const head = text.slice(0, 4096);
  if (head.startsWith('<')) {
    if (/cyclonedx\.org\/schema\/bom/.test(head)) {
      throw new SbomInputError('UNSUPPORTED_SBOM_FORMAT', `${name}: CycloneDX XML is not supported; give the CycloneDX JSON form`);
    }
    if (/spdx/i.test(head)) throw new SbomInputError('UNSUPPORTED_SBOM_FORMAT', `${name}: SPDX RDF/XML is not supported; give SPDX 2.2/2.3 JSON`);
    throw new SbomInputError('UNKNOWN_SBOM_FORMAT', `${name}: XML that is not a known SBOM format`);
  }
  if (/^SPDXVersion:\s*SPDX-/m.test(head)) {
    throw new SbomInputError('UNSUPPORTED_SBOM_FORMAT', `${name}: SPDX tag-value is not supported; give SPDX 2.2/2.3 JSON`);
  }
}

/**
 * Parse SBOM text and tell which format and version it is.
 * @throws {SbomInputError} `SBOM_TOO_LARGE`, `NOT_JSON`, `UNKNOWN_SBOM_FORMAT`, `UNSUPPORTED_SBOM_FORMAT`.
 * @example detectSbomFormat('{"bomFormat":"CycloneDX","specVersion":"1.5"}', 'x.json').format // 'cyclonedx-json'
 */
export function detectSbomFormat(text: string, name: string, maxTextLength: number = SBOM_LIMITS.maxTextLength): DetectedSbom {
  if (typeof text !== 'string') throw new SbomInputError('INVALID_SBOM', `${name}: the SBOM must be text`);
  // Checked before JSON.parse: the parsed tree costs several times the text's memory.
  if (text.length > maxTextLength) {
    throw new SbomInputError('SBOM_TOO_LARGE', `${name}: ${text.length} characters, more than the ${maxTextLength} limit`);
  }
  const body = text.replace(/^\uFEFF/, '').trimStart();
  rejectNonJson(body, name);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    // A RangeError here is nesting deep enough to exhaust the parser's stack: still not usable JSON.
    throw new SbomInputError('NOT_JSON', `${name}: not JSON (${e instanceof Error ? e.message.slice(0, 200) : 'parse error'})`, { cause: e });
  }
  if (!isObject(parsed)) throw new SbomInputError('UNKNOWN_SBOM_FORMAT', `${name}: the JSON is not an object, so neither CycloneDX nor SPDX`);
  const doc = unwrapAttestation(parsed, name);
  if (doc.bomFormat === 'CycloneDX') {
    const v = typeof doc.specVersion === 'string' ? doc.specVersion : '';
    if (!CYCLONEDX_VERSIONS.has(v)) {
      throw new SbomInputError('UNSUPPORTED_SBOM_FORMAT', `${name}: CycloneDX specVersion "${v.slice(0, 20)}" is not supported (1.2 to 1.7 are)`);
    }
    return { format: 'cyclonedx-json', specVersion: v, document: doc };
  }
  if (typeof doc.spdxVersion === 'string') {
    if (!SPDX_VERSIONS.has(doc.spdxVersion)) {
      throw new SbomInputError('UNSUPPORTED_SBOM_FORMAT', `${name}: ${doc.spdxVersion.slice(0, 20)} is not supported (SPDX-2.2 and SPDX-2.3 JSON are)`);
    }
    return { format: 'spdx-json', specVersion: doc.spdxVersion, document: doc };
  }
  // Only strings are looked at: stringifying an attacker's deeply nested @context would recurse without bound.
  const context = Array.isArray(doc['@context']) ? doc['@context'] : [doc['@context']];
  if (context.some((c) => typeof c === 'string' && c.includes('spdx.org'))) {
    throw new SbomInputError('UNSUPPORTED_SBOM_FORMAT', `${name}: SPDX 3 JSON-LD is not supported; give SPDX 2.2/2.3 JSON`);
  }
  if (isObject(doc.descriptor) && doc.descriptor.name === 'syft' && Array.isArray(doc.artifacts)) {
    throw new SbomInputError('UNSUPPORTED_SBOM_FORMAT', `${name}: Syft's own JSON is not supported; run syft with -o cyclonedx-json or -o spdx-json`);
  }
  throw new SbomInputError('UNKNOWN_SBOM_FORMAT', `${name}: neither CycloneDX (bomFormat) nor SPDX (spdxVersion) JSON`);
}

/**
 * Read a CycloneDX JSON (1.2–1.7) or SPDX 2.2/2.3 JSON SBOM into an inventory. Components Drydock cannot match
 * (no purl, a purl that does not parse, a purl type with no Drydock ecosystem) are not imported and each gives
 * an issue; the issues are also in `inventory.issues`.
 * @param text the SBOM file's text
 * @param name the input's name (its path), used in messages and as the image reference when the SBOM names none
 * @throws {SbomInputError} `SBOM_TOO_LARGE`, `NOT_JSON`, `UNKNOWN_SBOM_FORMAT`, `UNSUPPORTED_SBOM_FORMAT`, `INVALID_SBOM`.
 * @example parseSbom(readFileSync('app.cdx.json', 'utf8'), 'app.cdx.json').inventory.packages.length
 */
export function parseSbom(text: string, name: string, options: ParseSbomOptions = {}): { inventory: Inventory; issues: InventoryIssue[] } {
  const limits: SbomLimits = { ...SBOM_LIMITS, ...options.limits };
  const detected = detectSbomFormat(text, name, limits.maxTextLength);
  const read = detected.format === 'cyclonedx-json' ? readCycloneDx(detected.document, name, limits) : readSpdx(detected.document, name, limits);
  return assembleInventory(read, options.toolVersion ?? '0.0.0');
}
