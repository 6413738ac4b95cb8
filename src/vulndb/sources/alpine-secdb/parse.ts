/**
 * Alpine secdb (`v3.20/main.json`) → Advisories, one per CVE (or other id) and branch, with one affected entry per
 * origin package fixed in that version. Pure. Format: https://secdb.alpinelinux.org/ ; the secfixes convention
 * (a fix version of "0" means the package was never affected) is in https://wiki.alpinelinux.org/wiki/Development_using_git#Security_fixes
 */
import type { Advisory } from '../../../model/index.js';
import type { FeedIssue } from '../../errors.js';
import { secdbFile, secdbPackage } from './schema.js';

export interface SecdbParseResult {
  advisories: Advisory[];
  issues: FeedIssue[];
}

const ID = /^[A-Z][A-Za-z0-9]*-[A-Za-z0-9][\w.:-]*$/;

/** Parse one secdb file; bad packages are issues naming the package index, the rest load. */
export function parseAlpineSecdb(bytes: Uint8Array, file: string, source = 'alpine-secdb'): SecdbParseResult {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (err) {
    return { advisories: [], issues: [{ code: 'FILE_INVALID', message: `not JSON: ${(err as Error).message}`, file }] };
  }
  const doc = secdbFile.safeParse(json);
  if (!doc.success) return { advisories: [], issues: [{ code: 'FILE_INVALID', message: 'not a secdb file (distroversion vX.Y and packages[] expected)', file }] };
  const ecosystem = `Alpine:${doc.data.distroversion}`;
  const byId = new Map<string, Advisory>();
  const issues: FeedIssue[] = [];
  doc.data.packages.forEach((raw, i) => {
    const p = secdbPackage.safeParse(raw);
    if (!p.success) {
      issues.push({ code: 'RECORD_INVALID', message: p.error.issues[0]?.message ?? 'invalid', file, record: `packages[${i}]` });
      return;
    }
    const { name, secfixes } = p.data.pkg;
    for (const [version, ids] of Object.entries(secfixes ?? {})) {
      // Entries look like "CVE-2021-30473" and sometimes "CVE-2019-1234 XSA-300"; each id is its own advisory.
      for (const token of (ids ?? []).flatMap((s) => s.split(/\s+/)).filter((t) => ID.test(t))) {
        let adv = byId.get(token);
        if (!adv) {
          adv = { id: token, aliases: [], source, severities: [], affected: [] };
          byId.set(token, adv);
        }
        if (adv.affected.some((a) => a.name === name && JSON.stringify(a.ranges).includes(JSON.stringify(version)))) continue;
        adv.affected.push(version === '0'
          ? { ecosystem, name, ranges: [], status: 'not_affected' }
          : { ecosystem, name, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: version }] }] });
      }
    }
  });
  return { advisories: [...byId.values()], issues };
}
