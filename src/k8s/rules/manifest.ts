/**
 * Pure manifest parsing: YAML/JSON text (one or more documents, `kind: *List` wrappers) → Kubernetes objects with
 * file, document and line numbers. No I/O; loaders in ../sources hand us the text.
 *
 * Threats handled here, because manifests come from anyone's repository or stdin:
 * - alias bombs ("billion laughs"): the node walk never follows aliases and `toJS` runs with a low `maxAliasCount`;
 * - huge or deeply nested documents: a node budget per document, a document budget per file, and a stack-overflow
 *   guard, so one bad document becomes an issue and the rest of the file is still read;
 * - non-objects and wrong types: scalars, sequences, a missing `kind`, non-string names become issues, never crashes.
 */
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import type { JsonObject, JsonValue, K8sObject, ManifestIssue, SourceRef } from '../types.js';

/** Limits applied while parsing; defaults suit real Helm/Kustomize output with room to spare. */
export interface ManifestLimits {
  /** Maximum text size of one file, in UTF-16 code units (≈ bytes for ASCII). */
  maxFileChars: number;
  maxDocumentsPerFile: number;
  /** Maximum YAML nodes in one document (scalars + collections). */
  maxNodesPerDocument: number;
  /** Maximum alias expansions in one document (YAML `maxAliasCount`). */
  maxAliasCount: number;
}

export const DEFAULT_MANIFEST_LIMITS: ManifestLimits = {
  maxFileChars: 32 * 1024 * 1024,
  maxDocumentsPerFile: 10_000,
  maxNodesPerDocument: 2_000_000,
  maxAliasCount: 100,
};

export interface ParsedManifests {
  objects: K8sObject[];
  issues: ManifestIssue[];
}

class NodeBudgetExceeded extends Error {}

interface WalkState {
  lines: Map<string, number>;
  issues: ManifestIssue[];
  budget: number;
  lineCounter: LineCounter;
  file: string;
  document: number;
}

function lineAt(lc: LineCounter, offset: number | undefined): number {
  return offset === undefined ? 1 : lc.linePos(offset).line;
}

/** Records the line of every field path and flags duplicate keys (YAML requires unique keys; parsers disagree on which wins). */
function walk(node: unknown, path: string, state: WalkState): void {
  if (--state.budget < 0) throw new NodeBudgetExceeded();
  if (isAlias(node) || isScalar(node)) return;
  if (isMap(node)) {
    const seen = new Map<string, number>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      const line = lineAt(state.lineCounter, keyNode?.range?.[0]);
      const childPath = path === '' ? key : `${path}.${key}`;
      const first = seen.get(key);
      if (first !== undefined) {
        state.issues.push({
          code: 'DUPLICATE_KEY',
          message: `duplicate key "${childPath}" at line ${line} (first at line ${first}): YAML forbids repeated keys; ` +
            'the later value silently replaces the earlier one in kubectl, so one of the two settings is lost',
          source: { file: state.file, document: state.document, line },
        });
      } else {
        seen.set(key, line);
      }
      state.lines.set(childPath, line);
      walk(pair.value, childPath, state);
    }
    return;
  }
  if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const childPath = path === '' ? String(i) : `${path}.${i}`;
      const itemNode = item as YamlNode | null;
      state.lines.set(childPath, lineAt(state.lineCounter, itemNode?.range?.[0]));
      walk(item, childPath, state);
    });
  }
}

function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describeType(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function subLines(lines: ReadonlyMap<string, number>, prefix: string): Map<string, number> {
  const out = new Map<string, number>();
  const p = `${prefix}.`;
  for (const [k, v] of lines) if (k.startsWith(p)) out.set(k.slice(p.length), v);
  return out;
}

/**
 * Turns one parsed value into K8s objects, expanding `*List` kinds (`kind: List`, `PodList`, …).
 * Values that are not objects, or lack `apiVersion`/`kind`, become issues.
 */
function collectObjects(
  value: unknown,
  lines: ReadonlyMap<string, number>,
  source: SourceRef,
  label: string,
  out: ParsedManifests,
): void {
  if (value === null || value === undefined) return; // an empty document (`---` then nothing) is legal YAML
  if (!isPlainObject(value)) {
    out.issues.push({ code: 'NOT_AN_OBJECT', message: `${label} is ${describeType(value)}, not a Kubernetes object`, source });
    return;
  }
  const { apiVersion, kind } = value;
  if (typeof kind !== 'string' || kind === '' || typeof apiVersion !== 'string' || apiVersion === '') {
    const missing = [typeof apiVersion === 'string' && apiVersion !== '' ? '' : 'apiVersion', typeof kind === 'string' && kind !== '' ? '' : 'kind']
      .filter(Boolean)
      .join(' and ');
    out.issues.push({ code: 'MISSING_KIND', message: `${label} has no string ${missing}; it is not a Kubernetes object`, source });
    return;
  }
  if (kind.endsWith('List') && 'items' in value) {
    const items = value.items;
    if (!Array.isArray(items)) {
      out.issues.push({ code: 'BAD_LIST', message: `${label} (${kind}) has "items" that is ${describeType(items)}, not a list`, source });
      return;
    }
    items.forEach((item, i) => {
      const itemLines = subLines(lines, `items.${i}`);
      const line = lines.get(`items.${i}`) ?? source.line;
      collectObjects(item, itemLines, { ...source, line }, `${label} item ${i}`, out);
    });
    return;
  }
  const metadata = isPlainObject(value.metadata) ? value.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : typeof metadata.generateName === 'string' ? metadata.generateName : '';
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
  out.objects.push({ apiVersion, kind, name, namespace, raw: value, source, lines });
}

/**
 * Parses manifest text (YAML with any number of `---` documents, or JSON) into objects.
 * Never throws on bad input: every problem is returned as an issue naming the file, document and line.
 *
 * @example
 * const { objects } = parseManifests('kind: Pod\napiVersion: v1\nmetadata: {name: p}\n', 'pod.yaml');
 * objects[0].name; // 'p'
 */
export function parseManifests(text: string, file: string, limits: ManifestLimits = DEFAULT_MANIFEST_LIMITS): ParsedManifests {
  const out: ParsedManifests = { objects: [], issues: [] };
  if (text.length > limits.maxFileChars) {
    out.issues.push({
      code: 'FILE_TOO_LARGE',
      message: `${file} is ${text.length} characters, over the limit of ${limits.maxFileChars}; not read`,
      source: { file, document: 0, line: 1 },
    });
    return out;
  }
  const lineCounter = new LineCounter();
  let docs;
  try {
    // uniqueKeys: false so that a duplicate key is reported by walk() with both lines instead of failing the document.
    docs = parseAllDocuments(text, { lineCounter, uniqueKeys: false });
  } catch (cause) {
    out.issues.push({ code: 'YAML_SYNTAX', message: `${file}: cannot parse: ${(cause as Error).message}`, source: { file, document: 0, line: 1 } });
    return out;
  }
  const list = Array.isArray(docs) ? docs : [docs];
  for (let d = 0; d < list.length; d++) {
    const doc = list[d]!;
    const document = d + 1;
    const line = lineAt(lineCounter, doc.contents?.range?.[0] ?? doc.range?.[0]);
    const source: SourceRef = { file, document, line };
    const label = `${file} document ${document} (line ${line})`;
    if (d >= limits.maxDocumentsPerFile) {
      out.issues.push({
        code: 'TOO_MANY_DOCUMENTS',
        message: `${file} has more than ${limits.maxDocumentsPerFile} documents; the rest are not read`,
        source,
      });
      break;
    }
    if (doc.errors.length > 0) {
      const err = doc.errors[0]!;
      const errLine = err.linePos?.[0]?.line ?? line;
      out.issues.push({
        code: 'YAML_SYNTAX',
        message: `${label}: ${err.message.split('\n')[0]}`,
        source: { file, document, line: errLine },
      });
      continue;
    }
    const state: WalkState = { lines: new Map(), issues: out.issues, budget: limits.maxNodesPerDocument, lineCounter, file, document };
    let value: unknown;
    try {
      walk(doc.contents, '', state);
      value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
    } catch (cause) {
      if (cause instanceof NodeBudgetExceeded) {
        out.issues.push({ code: 'DOCUMENT_TOO_LARGE', message: `${label} has more than ${limits.maxNodesPerDocument} YAML nodes; not read`, source });
      } else if (cause instanceof ReferenceError || /alias/i.test((cause as Error).message)) {
        out.issues.push({
          code: 'ALIAS_LIMIT',
          message: `${label}: too many alias expansions (limit ${limits.maxAliasCount}); this looks like an alias bomb and is not read`,
          source,
        });
      } else if (cause instanceof RangeError) {
        out.issues.push({ code: 'DOCUMENT_TOO_LARGE', message: `${label} is nested too deeply to read`, source });
      } else {
        out.issues.push({ code: 'YAML_SYNTAX', message: `${label}: ${(cause as Error).message}`, source });
      }
      continue;
    }
    collectObjects(value, state.lines, source, label, out);
  }
  return out;
}

/** The line of a field of an object, falling back to the object's own line. */
export function lineOf(obj: K8sObject, path: string): number {
  return obj.lines.get(path) ?? obj.source.line;
}

/** Narrowing helpers for reading untrusted JSON fields without casts scattered everywhere. */
export function asObject(v: JsonValue | undefined): JsonObject | undefined {
  return isPlainObject(v) ? v : undefined;
}
export function asArray(v: JsonValue | undefined): JsonValue[] {
  return Array.isArray(v) ? v : [];
}
export function asString(v: JsonValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
