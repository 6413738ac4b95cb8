/** Issue codes of the npm cataloger. Stable: reports and tests key on them. */
import type { InventoryIssue } from '../../model/index.js';

export type NpmIssueCode =
  | 'NPM_MALFORMED_JSON'
  | 'NPM_MALFORMED_YAML'
  | 'NPM_MALFORMED_LOCK'
  | 'NPM_BAD_ENTRY'
  | 'NPM_MISSING_NAME'
  | 'NPM_MISSING_VERSION'
  | 'NPM_INVALID_NAME'
  | 'NPM_UNSUPPORTED_LOCK_VERSION';

/** Build an issue that names the file it concerns. */
export function npmIssue(code: NpmIssueCode, message: string, path: string): InventoryIssue {
  return { code, message: `${path}: ${message}`, path };
}
