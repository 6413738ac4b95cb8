/** Turn a secret finding into the rule-finding shape the misconfiguration reports (table, SARIF) already render. */
import type { Finding } from '../misconfig/types.js';
import type { SecretFinding } from './types.js';

/** One sentence a deleted-file finding carries: the file is gone from the final view, not from the image. */
export function deletedSentence(f: Pick<SecretFinding, 'layer' | 'deletedInLayer'>): string {
  const from = f.layer !== undefined ? `layer ${f.layer}` : 'an earlier layer';
  const by = f.deletedInLayer !== undefined ? `in layer ${f.deletedInLayer}` : 'in a later layer';
  return `The file was removed or replaced ${by}, but ${from} still holds it: anyone who pulls the image can read it.`;
}

/**
 * Map a secret finding to a misconfiguration {@link Finding}: the file is the image path, the message carries the
 * redacted match, the layer and, for deleted files, why it still matters.
 */
export function secretFindingToFinding(f: SecretFinding): Finding {
  const where = f.layer !== undefined ? ` (layer ${f.layer})` : '';
  const gone = f.deleted ? ` ${deletedSentence(f)}` : '';
  return {
    ruleId: f.ruleId,
    title: f.title,
    severity: f.severity,
    message: `${f.message}: ${f.match}${where}.${gone}`,
    file: f.path,
    line: f.line,
    advice: f.advice,
    references: [],
  };
}
