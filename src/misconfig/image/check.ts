/** Runs the image hygiene rules and shapes their hits as misconfiguration findings. */
import type { Finding, Severity } from '../types.js';
import { compareSeverity } from '../types.js';
import type { ImageHygieneInput } from './input.js';
import { imageRules } from './registry.js';

/** Options of {@link checkImageHygiene}. */
export interface CheckImageOptions {
  /** What to put in `file` for findings not about one path (default `<image config>`). */
  file?: string;
  /** Rule ids switched off. */
  disable?: readonly string[];
  /** Drop findings below this severity. */
  minSeverity?: Severity;
}

/** A hygiene finding: the misconfiguration shape plus where in the image it is. */
export interface ImageHygieneFinding extends Finding {
  /** The image path the finding is about, when it is about one. */
  path?: string;
  /** 0-based layer that added the path or made the history step, when known. */
  layer?: number;
}

/**
 * Check an image's config, history and final filesystem view against every hygiene rule.
 * `line` is the 1-based history entry for history rules and 0 otherwise; `file` is the path for filesystem rules.
 * @example checkImageHygiene({ config: { user: '' } }).map((f) => f.ruleId) // ['DD-IMG-001']
 */
export function checkImageHygiene(input: ImageHygieneInput, options: CheckImageOptions = {}): ImageHygieneFinding[] {
  const disabled = new Set((options.disable ?? []).map((d) => d.toUpperCase()));
  const file = options.file ?? '<image config>';
  const out: ImageHygieneFinding[] = [];
  for (const rule of imageRules) {
    if (disabled.has(rule.id)) continue;
    if (options.minSeverity && compareSeverity(rule.severity, options.minSeverity) < 0) continue;
    for (const hit of rule.check(input)) {
      out.push({
        ruleId: rule.id,
        title: rule.title,
        severity: rule.severity,
        message: hit.message,
        file: hit.path ?? file,
        line: hit.line,
        advice: rule.advice,
        references: rule.references,
        ...(hit.path !== undefined ? { path: hit.path } : {}),
        ...(hit.layer !== undefined ? { layer: hit.layer } : {}),
      });
    }
  }
  return out;
}
