/**
 * The allow-list: values and paths that look like secrets but are not (placeholders, templating, public example
 * keys from vendor documentation, test fixtures). Built-in entries are data here; users add their own through
 * {@link AllowList}. Every check is linear in the value's length.
 */
import type { AllowList } from './types.js';

/**
 * Public example credentials printed in vendor documentation. They are in countless READMEs and SDK test suites and
 * grant nothing. (Facts: the AWS documentation's example key pair.)
 */
export const PUBLIC_EXAMPLE_VALUES: readonly string[] = [
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'AKIAI44QH8DHBEXAMPLE',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
];

/** Words that mean "fill this in" rather than a real value (compared case-insensitively, whole value). */
export const PLACEHOLDER_WORDS: readonly string[] = [
  'changeme', 'change_me', 'change-me', 'changeit', 'password', 'passwd', 'pass', 'secret', 'token', 'apikey', 'api_key',
  'example', 'sample', 'dummy', 'placeholder', 'redacted', 'removed', 'hidden', 'masked', 'none', 'null', 'nil',
  'undefined', 'empty', 'todo', 'fixme', 'test', 'testing', 'default', 'foobar', 'foo', 'bar', 'admin', 'root',
  'user', 'username', 'mypassword', 'my_password', 'yourpassword', 'your_password', 'secretpassword',
  'notasecret', 'not-a-secret', 'insecure', 'xxx', 'true', 'false',
];

/** Substrings that mark a value as an example or a reference to something else. */
const PLACEHOLDER_PARTS = ['example', 'placeholder', 'changeme', 'change_me', 'your_', 'your-', 'dummy', 'sample', 'redacted', 'notreal', 'not_real', 'fake'];

const WORDS = new Set(PLACEHOLDER_WORDS.map((w) => w.toLowerCase()));
const EXAMPLES = new Set(PUBLIC_EXAMPLE_VALUES);

/**
 * Directories of tests, fixtures and examples: generic (name + entropy) findings there are noise far more often
 * than not. Token-format and private-key findings are still reported there.
 */
const TEST_PATH = /\/(?:tests?|__tests__|testdata|test-data|fixtures?|__fixtures__|spec|specs|examples?|samples?|mocks?|__mocks__)\//i;

/**
 * True when a value is a placeholder: templating (`${VAR}`, `$VAR`, `{{ x }}`, `<your-token>`, `%(x)s`), a
 * placeholder word, a run of one character (`xxxxxxxx`, `********`) or a public example.
 */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim().replace(/^["']|["']$/g, '');
  if (v.length === 0) return true;
  if (EXAMPLES.has(v)) return true;
  const lower = v.toLowerCase();
  if (WORDS.has(lower)) return true;
  for (const p of PLACEHOLDER_PARTS) if (lower.includes(p)) return true;
  // Templating and references: the real value comes from elsewhere at run time.
  if (/^\$\{[^}]{0,200}\}$|^\$[A-Za-z_][A-Za-z0-9_]{0,100}$|^\{\{[^}]{0,200}\}\}$|^<[^>]{0,200}>$|^%\([^)]{0,100}\)s$|^%[sd]$|^\$\([^)]{0,200}\)$/.test(v)) return true;
  if (v.includes('${') || v.includes('{{') || v.startsWith('$')) return true;
  // One character repeated, or a masked value.
  if (/^(.)\1*$/.test(v)) return true;
  if (/^\*+$|^x{3,}|\*{3,}|x{6,}/i.test(v)) return true;
  return false;
}

/** Documentation files: their credentials are examples for readers. */
const DOC_PATH = /\.(?:md|markdown|rst|adoc|txt|html?)$|\/(?:README|CHANGELOG|CHANGES|HISTORY|NEWS)[^/]*$/i;

/**
 * Third-party library trees installed by a package manager (distribution Python/Perl/Ruby/Node libraries,
 * node_modules, site-packages, gems, vendor). Name-and-entropy guesses there are library code and docs, not the
 * image owner's credentials; token formats and private keys are still looked for.
 */
const LIBRARY_PATH = /\/(?:node_modules|site-packages|dist-packages|gems|vendor)\/|^\/usr\/(?:lib|lib64|share)\/(?:python[0-9.]*|perl[0-9.]*|perl5|ruby|nodejs|node_modules|javascript|php|gems)\/|^\/usr\/lib\/[a-z0-9_-]+-linux-gnu\/perl|^\/usr\/local\/lib\/python[0-9.]*\//;

/** True when generic (name and entropy) rules skip a path: tests, fixtures, examples, docs and library trees. */
export function isTestPath(path: string): boolean {
  return TEST_PATH.test(path) || DOC_PATH.test(path) || LIBRARY_PATH.test(path);
}

/** True when the caller's or the built-in list drops this value. */
export function isAllowedValue(value: string, allow: AllowList | undefined, useDefaults: boolean): boolean {
  if (useDefaults && isPlaceholderValue(value)) return true;
  if (allow?.values?.some((a) => a.toLowerCase() === value.toLowerCase())) return true;
  if (allow?.valuePatterns?.some((re) => testOnce(re, value))) return true;
  return false;
}

/** True when the caller's list drops every finding in this path. */
export function isAllowedPath(path: string, allow: AllowList | undefined): boolean {
  return Boolean(allow?.paths?.some((re) => testOnce(re, path)));
}

/** `RegExp.test` without the `lastIndex` state of global or sticky patterns leaking between calls. */
function testOnce(re: RegExp, s: string): boolean {
  re.lastIndex = 0;
  const r = re.test(s);
  re.lastIndex = 0;
  return r;
}
