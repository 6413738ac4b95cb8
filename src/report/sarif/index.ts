/** The SARIF 2.1.0 report format (GitHub code scanning and other SAST dashboards read it). */
export const id = 'sarif';
export const displayName = 'SARIF 2.1.0';
export const specUrl = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html';
export {
  buildSarifLog, sarifLevelOf, SARIF_SCHEMA_URI,
  type SarifLevel, type SarifLocationInput, type SarifLog, type SarifLogInput, type SarifResultInput, type SarifRuleInput,
  type SarifToolInput, type SeverityName,
} from './build.js';
