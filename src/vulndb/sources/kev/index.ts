/** CISA Known Exploited Vulnerabilities catalog. https://www.cisa.gov/known-exploited-vulnerabilities-catalog */
import type { Feed } from '../types.js';
import { loadKev } from './fetch.js';

export const kevFeed: Feed = {
  id: 'kev',
  displayName: 'CISA Known Exploited Vulnerabilities',
  docs: 'https://www.cisa.gov/known-exploited-vulnerabilities-catalog',
  mirror: 'kev',
  upstream: 'https://www.cisa.gov/sites/default/files/feeds',
  defaultEnabled: true,
  tables: ['kev'],
  run: loadKev,
};
