/** Runs the Dockerfile rules over one file's text and applies the ignores. */
import type { Finding, Severity } from '../types.js';
import { compareSeverity } from '../types.js';
import { readInlineIgnores } from './ignore.js';
import { parseDockerfile } from './parse.js';
import { dockerfileRules } from './registry.js';

/** Options of {@link checkDockerfile}. */
export interface CheckDockerfileOptions {
  /** The file name to put in findings (default `Dockerfile`). */
  file?: string;
  /** Rule ids switched off (from the config file). */
  disable?: readonly string[];
  /** Drop findings below this severity. */
  minSeverity?: Severity;
}

/** What one file's check produced. */
export interface DockerfileCheckResult {
  findings: Finding[];
  /** Findings silenced by inline comments, counted so reports can say so. */
  ignored: number;
}

/**
 * Checks Dockerfile text against every rule.
 * @throws {MisconfigError} when the text cannot be parsed (see parseDockerfile)
 * @example checkDockerfile('FROM debian\n').findings.map((f) => f.ruleId) // includes 'DD-DF-001'
 */
export function checkDockerfile(text: string, options: CheckDockerfileOptions = {}): DockerfileCheckResult {
  const df = parseDockerfile(text);
  const ignores = readInlineIgnores(df);
  const disabled = new Set((options.disable ?? []).map((d) => d.toUpperCase()));
  const file = options.file ?? 'Dockerfile';
  const findings: Finding[] = [];
  let ignored = 0;
  for (const rule of dockerfileRules) {
    if (disabled.has(rule.id)) continue;
    if (options.minSeverity && compareSeverity(rule.severity, options.minSeverity) < 0) continue;
    for (const hit of rule.check(df)) {
      if (ignores.get(hit.line)?.has(rule.id)) {
        ignored++;
        continue;
      }
      const f: Finding = {
        ruleId: rule.id,
        title: rule.title,
        severity: rule.severity,
        message: hit.message,
        file,
        line: hit.line,
        advice: rule.advice,
        references: rule.references,
      };
      if (hit.endLine !== undefined && hit.endLine !== hit.line) f.endLine = hit.endLine;
      findings.push(f);
    }
  }
  findings.sort((a, b) => a.line - b.line || a.ruleId.localeCompare(b.ruleId));
  return { findings, ignored };
}
