/** The image hygiene rules, in id order. */
import type { ImageRule } from './input.js';
import { baseNotPinned, runsAsRoot, secretInEnv, sensitivePortExposed } from './rules/config.js';
import { packageCacheLeft, sshKeysBakedIn, unusualSetuid, worldWritable } from './rules/filesystem.js';
import { addFromUrl, pipeToShell } from './rules/history.js';

export const imageRules: readonly ImageRule[] = [
  runsAsRoot,
  secretInEnv,
  addFromUrl,
  pipeToShell,
  unusualSetuid,
  worldWritable,
  sshKeysBakedIn,
  packageCacheLeft,
  sensitivePortExposed,
  baseNotPinned,
];

/** Find an image rule by id (exact). */
export function findImageRule(id: string): ImageRule | undefined {
  return imageRules.find((r) => r.id === id);
}
