/** FIRST EPSS scores. https://www.first.org/epss/data_stats */
import type { Feed } from '../types.js';
import { loadEpss } from './fetch.js';

export const epssFeed: Feed = {
  id: 'epss',
  displayName: 'FIRST EPSS scores',
  docs: 'https://www.first.org/epss/data_stats',
  mirror: 'epss',
  upstream: 'https://epss.cyentia.com',
  defaultEnabled: true,
  tables: ['epss'],
  run: loadEpss,
};
