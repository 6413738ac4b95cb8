/** The store reuses the advisory database's typed error (codes DB_MISSING, DB_CORRUPT, DB_SCHEMA). */
export { VulnDbError as StoreError, type VulnDbErrorCode as StoreErrorCode } from '../vulndb/errors.js';
