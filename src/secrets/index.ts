/**
 * The secrets engine: rules over text, the allow-list, redaction and the image-config scan. Pure: it takes bytes
 * and values; src/scan/secrets.ts runs it over the layers of an image.
 */
export { secretRules, findSecretRule, GENERIC_MIN_ENTROPY } from './rules.js';
export { scanText, scanBytes, looksBinary, decodeForScan, MAX_FINDINGS_PER_TEXT, type TextFinding } from './scan-text.js';
export { scanImageConfig, CONFIG_PATH } from './config.js';
export { isSecretScanPath, DEFAULT_MAX_SECRET_FILE_SIZE, NOISE_DIRS, CA_BUNDLE_PATHS } from './paths.js';
export { isPlaceholderValue, isTestPath, PLACEHOLDER_WORDS, PUBLIC_EXAMPLE_VALUES } from './allow-list.js';
export { redactSecret, shannonEntropy } from './redact.js';
export { secretFindingToFinding } from './finding.js';
export { SecretsError, type SecretsErrorCode } from './errors.js';
export type { AllowList, ScanTextOptions, SecretFinding, SecretRule, SecretRuleMeta, SecretSource, Severity } from './types.js';
