/**
 * Which peer rules (hadolint, trivy-checks) check the same thing as one of ours. Used by the ignore comments
 * (hadolint ids) and by the peer test vectors. The full table, with the peer rules we chose not to have, is in
 * readme.md.
 */
import { HADOLINT_EQUIVALENTS } from './ignore.js';

/** hadolint id → our ids. */
export const HADOLINT_TO_OURS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(HADOLINT_EQUIVALENTS).map(([k, v]) => [k, [v]]),
);

/** trivy-checks Dockerfile id → our ids (either firing counts as the peer rule firing). */
export const TRIVY_TO_OURS: Readonly<Record<string, readonly string[]>> = {
  'DS-0001': ['DD-DF-001'],
  // Trivy flags both an explicit root USER and no USER at all; we split those into two rules.
  'DS-0002': ['DD-DF-003', 'DD-DF-026'],
  'DS-0004': ['DD-DF-017'],
  'DS-0005': ['DD-DF-006'],
  'DS-0007': ['DD-DF-022'],
  'DS-0009': ['DD-DF-019'],
  'DS-0010': ['DD-DF-004'],
  'DS-0011': ['DD-DF-025'],
  'DS-0013': ['DD-DF-020'],
  'DS-0015': ['DD-DF-014'],
  'DS-0016': ['DD-DF-021'],
  'DS-0019': ['DD-DF-014'],
  'DS-0020': ['DD-DF-014'],
  'DS-0022': ['DD-DF-024'],
  'DS-0023': ['DD-DF-023'],
  'DS-0024': ['DD-DF-012'],
  'DS-0025': ['DD-DF-013'],
  'DS-0026': ['DD-DF-016'],
  'DS-0027': ['DD-DF-014'],
  'DS-0029': ['DD-DF-009'],
  'DS-0031': ['DD-DF-008'],
};
