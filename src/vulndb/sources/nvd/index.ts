/** NVD CVE API 2.0: CVSS v2/v3.x/v4 ratings and CWEs by CVE. https://nvd.nist.gov/developers/vulnerabilities */
import type { Feed } from '../types.js';
import { loadNvd } from './fetch.js';

export const nvdFeed: Feed = {
  id: 'nvd',
  displayName: 'NVD CVE API 2.0',
  docs: 'https://nvd.nist.gov/developers/vulnerabilities',
  mirror: 'nvd',
  upstream: 'https://services.nvd.nist.gov',
  // A first full load takes ~15 minutes without an API key (rate limits): opt in with --sources.
  defaultEnabled: false,
  tables: ['advisories'],
  incremental: true,
  run: loadNvd,
};
