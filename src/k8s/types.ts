/** Shared shapes of the Kubernetes posture module. */

/** Where an object (or a field of it) came from. `document` is 1-based within the file. */
export interface SourceRef {
  file: string;
  document: number;
  line: number;
}

/** A plain JSON-like value, as parsed from YAML/JSON. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** One Kubernetes object read from a manifest, with its origin and a field → line lookup. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string | undefined;
  raw: JsonObject;
  source: SourceRef;
  /**
   * 1-based lines of fields, keyed by dotted path relative to the object (`spec.containers.0.image`).
   * Empty when the object did not come from text (e.g. a live cluster).
   */
  lines: ReadonlyMap<string, number>;
}

/** Problems met while reading manifests; they reach the report, nothing is dropped silently. */
export type ManifestIssueCode =
  | 'YAML_SYNTAX'
  | 'ALIAS_LIMIT'
  | 'DOCUMENT_TOO_LARGE'
  | 'FILE_TOO_LARGE'
  | 'TOO_MANY_DOCUMENTS'
  | 'NOT_AN_OBJECT'
  | 'MISSING_KIND'
  | 'BAD_LIST'
  | 'DUPLICATE_KEY'
  | 'UNREADABLE';

export interface ManifestIssue {
  code: ManifestIssueCode;
  message: string;
  source: SourceRef;
}

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** Severities from most to least severe; used by `--fail-on`. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** One posture finding, pointing at the object and (when known) the line of the offending field. */
export interface K8sFinding {
  /** Our rule id, e.g. `K8S-PSS-PRIVILEGED`. */
  ruleId: string;
  /** Equivalent checks of other tools (trivy `KSV-0017`, kubescape `C-0057`), for cross-reference. */
  aliases?: string[];
  severity: Severity;
  category: 'workload' | 'rbac' | 'network' | 'storage' | 'secrets' | 'psp' | 'manifest';
  title: string;
  message: string;
  object: { kind: string; name: string; namespace: string | undefined };
  source: SourceRef;
  /** Dotted field path the finding is about, when there is one. */
  path?: string;
}
