/** What the image hygiene rules look at: the config summary, the layers and the merged filesystem view. */
import type { ImageInfo } from '../../model/index.js';
import type { Rule } from '../types.js';

/** One path of the final filesystem view (structurally the merge's `ViewEntry`). */
export interface ImageViewEntry {
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'device' | 'other';
  /** Permission and type bits from the tar header (e.g. 0o104755). */
  mode: number;
  /** Index of the layer that last added or changed the path. */
  layer: number;
  link?: string;
}

/** The input of every image hygiene rule. */
export interface ImageHygieneInput {
  config?: ImageInfo['config'];
  layers?: ImageInfo['layers'];
  /** The final filesystem view (`MergeResult.view`); the filesystem rules are skipped when absent. */
  view?: ReadonlyMap<string, ImageViewEntry>;
}

/**
 * A hit of an image rule: `line` is the 1-based history entry (0 when the hit is not about one), `path` the file,
 * `layer` the layer index when known.
 */
export interface ImageRuleHit {
  line: number;
  message: string;
  path?: string;
  layer?: number;
}

/** An image hygiene rule (`DD-IMG-NNN`). */
export interface ImageRule extends Omit<Rule<ImageHygieneInput>, 'check'> {
  check(input: ImageHygieneInput): ImageRuleHit[];
}

/** Hits listed one by one per rule before they are summed up in one last hit: keeps reports readable. */
export const MAX_HITS_PER_RULE = 50;

/** Cap a rule's hits, summing up the rest in one hit. */
export function capHits(hits: ImageRuleHit[], what: string): ImageRuleHit[] {
  if (hits.length <= MAX_HITS_PER_RULE) return hits;
  const rest = hits.length - MAX_HITS_PER_RULE;
  return [...hits.slice(0, MAX_HITS_PER_RULE), { line: 0, message: `… and ${rest} more ${what}` }];
}
