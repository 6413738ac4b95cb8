/** Alpine secdb (secfixes per branch and repository). https://secdb.alpinelinux.org/ */
import type { Feed } from '../types.js';
import { loadAlpineSecdb } from './fetch.js';

export const alpineSecdbFeed: Feed = {
  id: 'alpine-secdb',
  displayName: 'Alpine secdb',
  docs: 'https://secdb.alpinelinux.org/',
  mirror: 'alpine-secdb',
  upstream: 'https://secdb.alpinelinux.org',
  defaultEnabled: true,
  tables: ['advisories'],
  run: loadAlpineSecdb,
};
