/** Issue codes of the python cataloger. */
import type { InventoryIssue } from '../../model/index.js';

export type PythonIssueCode = 'PYTHON_MISSING_NAME' | 'PYTHON_MISSING_VERSION' | 'PYTHON_MALFORMED_METADATA' | 'PYTHON_MALFORMED_RECORD' | 'PYTHON_BAD_EGG';

/** Build an issue that names the file it concerns. */
export function pythonIssue(code: PythonIssueCode, message: string, path: string): InventoryIssue {
  return { code, message: `${path}: ${message}`, path };
}
