/**
 * gem cataloger: installed Ruby gems from `specifications/*.gemspec`, the Ruby files RubyGems writes for each
 * installed gem (`Gem::Specification#to_ruby`). The file is Ruby code and is never evaluated: `name`, `version`
 * and `license(s)` assignments on the block variable are read with anchored regexes, which is all `to_ruby`
 * writes for them (string literals, optionally `.freeze`).
 * Format: https://guides.rubygems.org/specification-reference/
 */
import type { InventoryIssue, Package } from '../../model/index.js';
import { buildPurl } from '../purl.js';
import type { Cataloger, FileInfo, FileParseResult } from '../types.js';

export const id = 'gem';
export const displayName = 'Ruby gems (installed gemspecs)';
export const specs = ['https://guides.rubygems.org/specification-reference/'] as const;

export type GemIssueCode = 'GEM_MISSING_NAME' | 'GEM_MISSING_VERSION';

function issue(code: GemIssueCode, message: string, path: string): InventoryIssue {
  return { code, message: `${path}: ${message}`, path };
}

/** Longest gemspec text searched; real ones are a few KiB. */
const MAX_CHARS = 1024 * 1024;
// A Ruby string literal: "..." or '...' with simple escapes, bounded so a hostile line cannot blow up matching.
const STR = String.raw`(?:"((?:[^"\\\n]|\\.){0,1000})"|'((?:[^'\\\n]|\\.){0,1000})')(?:\.freeze)?`;

function unescape(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

/**
 * Read name, version and licences from gemspec text.
 * @example parseGemspec('/usr/lib/ruby/gems/3.1.0/specifications/rake-13.0.6.gemspec', 'Gem::Specification.new do |s|\n  s.name = "rake".freeze\n  s.version = "13.0.6"\nend')
 */
export function parseGemspec(path: string, text: string): FileParseResult {
  const src = text.slice(0, MAX_CHARS);
  // The block variable (`|s|`, `|spec|`): assignments on any other receiver are not the gem's.
  const v = /Gem::Specification\.new\s+do\s*\|\s*([a-z_][a-zA-Z0-9_]{0,30})\s*\|/.exec(src)?.[1] ?? 's';
  const assign = (field: string): RegExpExecArray | null =>
    new RegExp(String.raw`^[ \t]*${v}\.${field}[ \t]*=[ \t]*${STR}`, 'm').exec(src);
  const nameM = assign('name');
  const name = nameM ? unescape(nameM[1] ?? nameM[2] ?? '') : '';
  if (!name) return { packages: [], issues: [issue('GEM_MISSING_NAME', 'no name assignment found', path)] };
  // to_ruby writes `s.version = "1.2.3"` (or `Gem::Version.new("1.2.3")` in very old specs)
  const verM = assign('version') ?? new RegExp(String.raw`^[ \t]*${v}\.version[ \t]*=[ \t]*Gem::Version\.new\(${STR}\)`, 'm').exec(src);
  const version = verM ? unescape(verM[1] ?? verM[2] ?? '') : '';
  if (!version) return { packages: [], issues: [issue('GEM_MISSING_VERSION', `gem ${name} has no version assignment`, path)] };

  const licenses: string[] = [];
  // `s.licenses = ["MIT".freeze, "Ruby".freeze]` (an array only: a bare string there is not what to_ruby writes)
  const arr = new RegExp(String.raw`^[ \t]*${v}\.licenses[ \t]*=[ \t]*\[([^\]\n]{0,2000})\]`, 'm').exec(src);
  if (arr) {
    for (const m of (arr[1] as string).matchAll(new RegExp(STR, 'g'))) licenses.push(unescape(m[1] ?? m[2] ?? ''));
  } else {
    const one = assign('license');
    if (one) licenses.push(unescape(one[1] ?? one[2] ?? ''));
  }
  const pkg: Package = {
    type: 'gem',
    name,
    version,
    purl: buildPurl('gem', undefined, name, version),
    locations: [path],
  };
  const clean = licenses.filter((l) => l.trim() !== '');
  if (clean.length > 0) pkg.licenses = clean;
  return { packages: [pkg], issues: [] };
}

export const cataloger: Cataloger = {
  id,
  displayName,
  version: 1,
  packageType: 'gem',
  specs,
  maxFileSize: 4 * 1024 * 1024,
  pathHints: { suffixes: ['.gemspec'] },
  matches(file: FileInfo): boolean {
    return /\/specifications\/[^/]+\.gemspec$/.test(file.path);
  },
  parse(file: FileInfo, bytes: Uint8Array): FileParseResult {
    return parseGemspec(file.path, new TextDecoder().decode(bytes));
  },
};
