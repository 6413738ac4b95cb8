/** The image hygiene rule set: checks on an image's config, history and final filesystem view. */
export const id = 'image';
export const displayName = 'Image hygiene';
export { checkImageHygiene, type CheckImageOptions, type ImageHygieneFinding } from './check.js';
export { imageRules, findImageRule } from './registry.js';
export { SENSITIVE_PORTS } from './rules/config.js';
export { USUAL_SETUID_SETGID, isUsualSetuid } from './setuid-allow.js';
export type { ImageHygieneInput, ImageRule, ImageRuleHit, ImageViewEntry } from './input.js';
