/**
 * Image hygiene wired to the inventory pipeline: the rules need the config summary and the final filesystem view,
 * both of which buildInventory already returns, so no extra pass over the layers is made.
 *
 * @example
 * const inv = await buildInventory(image, { catalogers, toolVersion });
 * const findings = evaluateImageHygiene(inv);
 */
import type { Inventory } from '../model/index.js';
import type { MergeResult } from '../image/layers/merge.js';
import { checkImageHygiene, type CheckImageOptions, type ImageHygieneFinding } from '../misconfig/image/index.js';

/**
 * Run the image hygiene rules on a built inventory (config, history and `merge.view`).
 * Findings not about one path carry `file: '<image config>'`; `line` is the 1-based history entry or 0.
 */
export function evaluateImageHygiene(result: { inventory: Pick<Inventory, 'image'>; merge: Pick<MergeResult, 'view'> }, options: CheckImageOptions = {}): ImageHygieneFinding[] {
  const info = result.inventory.image;
  return checkImageHygiene({ ...(info.config ? { config: info.config } : {}), layers: info.layers, view: result.merge.view }, options);
}
