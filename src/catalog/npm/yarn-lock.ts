/**
 * yarn.lock, both the classic v1 format (a YAML-like syntax of its own) and the berry (v2+) format (YAML with a
 * `__metadata` block). Both are read with one line-based reader: top-level keys are the requested patterns,
 * two-space indented `version` and `resolution` lines the result.
 * v1: https://classic.yarnpkg.com/lang/en/docs/yarn-lock/  berry: https://yarnpkg.com/configuration/yarnrc (lockfile
 * protocol list at https://yarnpkg.com/protocols).
 * Only packages resolved from a registry are reported; workspace, link, portal, file, patch, git and URL resolutions
 * have no registry identity to match advisories against.
 */
import type { Package } from '../../model/index.js';
import type { FileParseResult } from '../types.js';
import { npmIssue } from './errors.js';
import { isValidNpmName, makeNpmPackage } from './npm-package.js';

interface Block {
  key: string;
  line: number;
  fields: Map<string, string>;
}

/**
 * Parse a yarn.lock (v1 or berry).
 * @example parseYarnLock('/app/yarn.lock', 'ms@^2.1.1:\n  version "2.1.3"\n').packages[0]?.version // "2.1.3"
 */
export function parseYarnLock(path: string, text: string): FileParseResult {
  const issues: FileParseResult['issues'] = [];
  const blocks = readBlocks(text);
  const berry = blocks.some((b) => b.key === '__metadata');
  const out = new Map<string, Package>();
  for (const block of blocks) {
    if (block.key === '__metadata') continue;
    const version = block.fields.get('version');
    const firstPattern = splitPatterns(block.key)[0] ?? '';
    let name: string | undefined;
    let registry: boolean;
    const resolution = block.fields.get('resolution');
    if (berry && resolution !== undefined) {
      // "name@npm:1.2.3"; aliases resolve to the real name here.
      const parsed = splitDescriptor(resolution);
      name = parsed?.name;
      registry = parsed !== undefined && parsed.range.startsWith('npm:');
    } else {
      const parsed = splitDescriptor(firstPattern);
      name = parsed?.name;
      registry = parsed !== undefined && isRegistryRange(parsed.range);
      // "alias@npm:real@^1.2" or, without a range, "alias@npm:real" / "alias@npm:@scope/real" (yarn 1 writes both).
      const alias = parsed ? /^npm:((?:@[^/@]+\/)?[^/@]+)(?:@|$)/.exec(parsed.range) : null;
      if (alias && !/^[\d^~<>=*]/.test(alias[1]!)) name = alias[1];
    }
    if (!name || !version) {
      issues.push(npmIssue('NPM_BAD_ENTRY', `entry at line ${block.line} has no name or version; skipped`, path));
      continue;
    }
    if (!registry) continue;
    if (!isValidNpmName(name)) {
      issues.push(npmIssue('NPM_BAD_ENTRY', `entry at line ${block.line} has an invalid name; skipped`, path));
      continue;
    }
    const id = `${name}@${version}`;
    if (!out.has(id)) out.set(id, makeNpmPackage({ name, version, location: path, source: 'lockfile', lock: 'yarn' }));
  }
  const hasContent = text.split(/\r?\n/).some((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  if (blocks.length === 0 && hasContent) {
    issues.push(npmIssue('NPM_MALFORMED_LOCK', 'no entries found', path));
  }
  return { packages: [...out.values()], issues };
}

function readBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      const key = line.endsWith(':') ? line.slice(0, -1).trim() : undefined;
      current = key ? { key, line: i + 1, fields: new Map() } : undefined;
      if (current) blocks.push(current);
      continue;
    }
    // Only the block's own fields (two spaces), not nested `dependencies` maps (four spaces).
    if (!current || line.startsWith('   ')) continue;
    // npm can write yarn.lock too, quoting the field names ("version" "1.0.0").
    const m = /^ {2}"?([A-Za-z]+)"?:?\s+(.*)$/.exec(line);
    if (!m) continue;
    current.fields.set(m[1] as string, unquote((m[2] as string).trim()));
  }
  return blocks;
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replace(/\\"/g, '"') : s;
}

/** `"a@^1", a@^1.2` → ['a@^1', 'a@^1.2'] */
function splitPatterns(key: string): string[] {
  return key.split(/,\s*/).map((p) => unquote(p.trim())).filter((p) => p.length > 0);
}

/** "@scope/name@range" → { name, range }. */
function splitDescriptor(d: string): { name: string; range: string } | undefined {
  const at = d.indexOf('@', d.startsWith('@') ? 1 : 0);
  if (at <= 0) return undefined;
  return { name: d.slice(0, at), range: d.slice(at + 1) };
}

/** A v1 range that asks the registry: a semver range, a tag, or an `npm:` alias. Not file:, git, URLs, paths. */
function isRegistryRange(range: string): boolean {
  if (range.startsWith('npm:')) return true;
  if (/^[a-z][a-z0-9+.-]*:/i.test(range)) return false;
  return !range.includes('/');
}
