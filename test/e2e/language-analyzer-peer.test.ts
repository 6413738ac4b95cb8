/**
 * Trivy's Node.js and Cargo analyzer cases (../shared/peer/4-pkgdb/trivy/pkg/fanal/analyzer/language/{nodejs,rust/cargo},
 * aquasecurity/trivy dc3c56e, Apache-2.0): each case's folder is read as a root filesystem through the whole pipeline
 * (walker, catalogers, merge), and the packages of the language found are compared with Trivy's, as name@version
 * sets. Every difference is listed with its reason and asserted to still differ.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listCatalogers } from '../../src/catalog/registry.js';
import { openRootfs } from '../../src/image/sources/rootfs.js';
import { buildInventory } from '../../src/scan/inventory.js';
import { peerDir } from '../helpers/shared.js';

const ROOT = join(peerDir, '4-pkgdb/trivy/pkg/fanal/analyzer/language/nodejs');
const CARGO = join(peerDir, '4-pkgdb/trivy/pkg/fanal/analyzer/language/rust/cargo/testdata');

const KNOWN: Record<string, string> = {
  'bun/no-node-modules': 'bun.lock is not read (the issue lists package.json, package-lock, yarn.lock and pnpm-lock); with node_modules present (bun/happy) the installed packages are found.',
  'license/happy': "Trivy's licence-file case expects no packages (it checks licence files only); Drydock reports the six installed packages of its node_modules.",
  'yarn/alias': 'Trivy also lists the project itself (test@1.0.0); Drydock reports dependencies, not the project being built.',
  'yarn/happy': 'Trivy also lists the project itself (90@1.0.0).',
  'yarn/monorepo': 'Trivy also lists the root project and the workspace packages (package1, util1, c); Drydock reports the registry dependencies they use.',
  'yarn/project-with-workspace-in-subdir': 'Trivy also lists the workspace packages (@test/foo, @test/bar-generators).',
  'yarn/yarn-berry-node-modules': 'Trivy also lists the project itself (work@1.0.0).',
  'yarn/yarn-licenses': 'Trivy also lists the project itself (yarn-3-licenses@1.0.0).',
  'cargo/happy': "Trivy reads Cargo.toml and leaves out winapi, a dev-dependency, and its two target crates; Drydock reports every crate of Cargo.lock (the lock does not say which are dev-only), as it reports npm dev packages.",
};

interface Case { key: string; dir: string; expected: string; type: 'npm' | 'cargo' }

function cases(): Case[] {
  if (!existsSync(ROOT)) return [];
  const out: Case[] = [];
  if (existsSync(CARGO)) {
    for (const f of readdirSync(CARGO).sort()) {
      const m = /^(.+)\.txtar\.expected\.json$/.exec(f);
      if (m && existsSync(join(CARGO, `${m[1]}.txtar.extracted`))) out.push({ key: `cargo/${m[1]}`, dir: join(CARGO, `${m[1]}.txtar.extracted`), expected: join(CARGO, f), type: 'cargo' });
    }
  }
  for (const tool of readdirSync(ROOT).sort()) {
    const td = join(ROOT, tool, 'testdata');
    if (!existsSync(td)) continue;
    for (const f of readdirSync(td).sort()) {
      const dir = join(td, f.replace(/\.expected\.json$/, ''));
      if (f.endsWith('.expected.json') && existsSync(dir) && statSync(dir).isDirectory()) out.push({ key: `${tool}/${f.replace(/\.expected\.json$/, '')}`, dir, expected: join(td, f), type: 'npm' });
    }
  }
  return out;
}

describe.runIf(existsSync(ROOT))("Trivy's Node.js and Cargo analyzer cases, through the whole pipeline", () => {
  const all = cases();
  it('has the cases', () => expect(all.length).toBeGreaterThanOrEqual(28));
  for (const c of all) {
    it(c.key, async () => {
      const image = await openRootfs(c.dir);
      let got: string[];
      try {
        const { inventory } = await buildInventory(image, { catalogers: listCatalogers(), toolVersion: 'test' });
        got = [...new Set(inventory.packages.filter((p) => p.type === c.type).map((p) => `${p.name}@${p.version}`))].sort();
      } finally {
        await image.close();
      }
      const doc = JSON.parse(readFileSync(c.expected, 'utf8')) as { cases: { packages?: { name: string; version?: string }[] }[] };
      const want = [...new Set(doc.cases.flatMap((x) => (x.packages ?? []).map((p) => `${p.name}@${String(p.version)}`)))].sort();
      if (KNOWN[c.key]) expect(JSON.stringify(got) === JSON.stringify(want), `${c.key} is listed as a difference but now matches`).toBe(false);
      else expect(got).toEqual(want);
    });
  }
});
