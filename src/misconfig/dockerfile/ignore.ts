/**
 * Inline ignores. A comment line `# drydock:ignore=DD-DF-001,DD-DF-002` silences those rules for the next
 * instruction. hadolint's `# hadolint ignore=DL3008,DL3009` is accepted too, through the table of equivalent ids
 * below, so Dockerfiles already annotated for hadolint need no second comment.
 */
import type { ParsedDockerfile } from './parse.js';

/** hadolint rule id → our rule id, for the rules that check the same thing (see readme.md for the full mapping). */
export const HADOLINT_EQUIVALENTS: Readonly<Record<string, string>> = {
  DL3000: 'DD-DF-019',
  DL3002: 'DD-DF-003',
  DL3003: 'DD-DF-020',
  DL3004: 'DD-DF-004',
  DL3006: 'DD-DF-001',
  DL3007: 'DD-DF-001',
  DL3008: 'DD-DF-010',
  DL3009: 'DD-DF-011',
  DL3012: 'DD-DF-023',
  DL3015: 'DD-DF-009',
  DL3019: 'DD-DF-013',
  DL3020: 'DD-DF-006',
  DL3021: 'DD-DF-025',
  DL3032: 'DD-DF-014',
  DL3036: 'DD-DF-014',
  DL3040: 'DD-DF-014',
  DL3042: 'DD-DF-015',
  DL4000: 'DD-DF-024',
  DL4003: 'DD-DF-021',
  DL4004: 'DD-DF-022',
};

const PRAGMA = /^\s*#\s*(?:drydock:ignore=|hadolint\s+ignore=)\s*([A-Za-z0-9_,\s-]+?)\s*$/;

/** A map from instruction start line (1-based) to the rule ids ignored on it. */
export type IgnoreMap = Map<number, Set<string>>;

/**
 * Reads the ignore comments. A pragma applies to the first instruction that starts after it; other comments and
 * blank lines may stand between them.
 */
export function readInlineIgnores(df: ParsedDockerfile): IgnoreMap {
  const starts = df.instructions.map((i) => i.line).sort((a, b) => a - b);
  const out: IgnoreMap = new Map();
  let k = 0;
  df.lines.forEach((text, idx) => {
    // Cheap test first: hostile files can have a million lines.
    if (!text.includes('ignore=')) return;
    const m = PRAGMA.exec(text);
    if (!m) return;
    const line = idx + 1;
    while (k < starts.length && starts[k]! <= line) k++;
    const target = starts[k];
    if (target === undefined) return;
    const ids = out.get(target) ?? new Set<string>();
    for (const raw of m[1]!.split(',')) {
      const id = raw.trim().toUpperCase();
      if (id) ids.add(HADOLINT_EQUIVALENTS[id] ?? id);
    }
    out.set(target, ids);
  });
  return out;
}
