/**
 * Shapes of the secrets engine: the rule, the finding and the options. Findings never carry the secret itself,
 * only a redacted prefix, so no report, log line or error can leak what the scanner found.
 */
import type { Severity } from '../misconfig/types.js';

export type { Severity } from '../misconfig/types.js';

/** Where a finding was read from: a file of a layer, or a part of the image config. */
export type SecretSource = 'file' | 'env' | 'label' | 'history';

/** What a rule says about itself: enough for docs, tables and a SARIF `reportingDescriptor`. */
export interface SecretRuleMeta {
  /** Stable id `DD-SEC-NNN`, never reused for another check. */
  id: string;
  title: string;
  severity: Severity;
  description: string;
  advice: string;
}

/** One candidate match inside a text, before the allow-list and de-duplication. */
export interface RawMatch {
  /** Offset (UTF-16 units of the decoded text) of the secret value. */
  start: number;
  end: number;
  /** The secret value: used for the allow-list and redaction only, never stored in a finding. */
  value: string;
  /** Overrides the rule's severity (an encrypted private key is less severe). */
  severity?: Severity;
  /** Overrides the rule's title. */
  title?: string;
  /** A sentence about this match that holds no secret. */
  note?: string;
}

/** A secret rule: cheap keywords first, then a scanner over the text. */
export interface SecretRule extends SecretRuleMeta {
  /**
   * Lower-case strings of which at least one must occur in the lower-cased text for the rule to run. This is the
   * prefilter that keeps per-file cost at a few `indexOf` passes for the (vast) majority of files.
   */
  keywords: readonly string[];
  /** Only run on files whose path this accepts (e.g. `.netrc`). Absent = every file. */
  appliesTo?(path: string): boolean;
  /** Find candidate matches. Must be linear in the text: bounded quantifiers, anchored starts. */
  scan(text: string, path: string): RawMatch[];
  /**
   * True when the rule is a guess from names and entropy rather than a token format: such findings are dropped in
   * test-fixture directories and by the value allow-list first.
   */
  generic?: boolean;
}

/** One secret found in an image. */
export interface SecretFinding {
  ruleId: string;
  title: string;
  severity: Severity;
  /** Absolute path inside the image, or `<image config>` for ENV, labels and history. */
  path: string;
  /** 1-based line (for config: the 1-based index of the ENV entry, label or history entry). */
  line: number;
  /** 0-based index of the layer the content came from, when known. */
  layer?: number;
  source: SecretSource;
  /** The first characters of the match followed by `****`: never the secret itself. */
  match: string;
  /** What matched, in words, without the secret. */
  message: string;
  advice: string;
  /** True when the file is not in the final filesystem view but still in a layer of the image. */
  deleted?: boolean;
  /** Index of the layer that removed or replaced the file, when known. */
  deletedInLayer?: number;
}

/** Paths and values that are never reported. Extends the built-in list (see docs/secrets.md). */
export interface AllowList {
  /** Rule ids switched off. */
  rules?: readonly string[];
  /** Exact values (case-insensitive) never reported. */
  values?: readonly string[];
  /** Patterns over the secret value; a match drops the finding. */
  valuePatterns?: readonly RegExp[];
  /** Patterns over the file path; a match drops every finding in the file. */
  paths?: readonly RegExp[];
  /** Keep findings of generic rules in test and fixture directories (dropped by default). */
  includeTestPaths?: boolean;
}

/** Options of the text scanner. */
export interface ScanTextOptions {
  /** Path used for path-specific rules, the path allow-list and findings (default `<text>`). */
  path?: string;
  allowList?: AllowList;
  /** Skip the built-in allow-list (values and paths); the caller's list still applies. */
  noDefaultAllowList?: boolean;
}
