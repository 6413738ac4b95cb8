/**
 * Ubuntu CVE Tracker, in vuls' JSON rendering (one `YYYY/CVE-….json` per record, zipped). There is no public URL
 * serving this rendering, so the feed is mirror-only (DRYDOCK_DB_MIRROR_UBUNTU_UCT/uct.zip) or import-only; live
 * Ubuntu data comes from the osv-ubuntu feed. https://ubuntu.com/security/cves
 */
import type { Feed } from '../types.js';
import { loadUct } from './fetch.js';

export const ubuntuUctFeed: Feed = {
  id: 'ubuntu-uct',
  displayName: 'Ubuntu CVE Tracker (vuls JSON)',
  docs: 'https://git.launchpad.net/ubuntu-cve-tracker/tree/README',
  mirror: 'ubuntu-uct',
  defaultEnabled: false,
  tables: ['advisories'],
  run: loadUct,
};
