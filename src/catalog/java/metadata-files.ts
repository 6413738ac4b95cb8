/**
 * The two text files inside a Java archive that name it: `META-INF/MANIFEST.MF` and Maven's `pom.properties`.
 * Manifest format: https://docs.oracle.com/en/java/javase/17/docs/specs/jar/jar.html#jar-manifest
 * Properties format: https://docs.oracle.com/javase/8/docs/api/java/util/Properties.html#load-java.io.Reader-
 */

/** The manifest attributes Drydock keeps (the ones that identify an artifact). */
export const MANIFEST_KEYS = [
  'Implementation-Title',
  'Implementation-Version',
  'Implementation-Vendor-Id',
  'Bundle-SymbolicName',
  'Bundle-Version',
  'Bundle-Name',
  'Specification-Title',
  'Specification-Version',
] as const;

export type ManifestKey = (typeof MANIFEST_KEYS)[number];

/**
 * Parse the main section of a JAR manifest: `Name: value` lines up to the first blank line, where a line that
 * starts with one space continues the previous value (the spec wraps lines at 72 bytes). The first occurrence
 * of a name wins. Line ends may be CRLF, LF or CR.
 * @example parseManifest('Manifest-Version: 1.0\r\nImplementation-Title: demo\r\n')['Implementation-Title'] // 'demo'
 */
export function parseManifest(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  // The attribute continuation lines belong to; undefined after a repeated name (whose value is ignored).
  let target: string | undefined;
  let seenAny = false;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.trim() === '') {
      // The main section ends at the first blank line; per-entry sections follow and are not about the jar.
      if (seenAny) break;
      continue;
    }
    seenAny = true;
    if (line.startsWith(' ')) {
      if (target !== undefined) out[target] += line.slice(1);
      continue;
    }
    const colon = line.indexOf(':');
    const key = colon > 0 ? line.slice(0, colon).trim() : '';
    if (key === '' || key in out) {
      target = undefined;
      continue;
    }
    // Trailing spaces may be part of a value that the 72-byte wrap split: trim them only once joined.
    out[key] = line.slice(colon + 1).trimStart();
    target = key;
  }
  for (const k of Object.keys(out)) out[k] = (out[k] as string).trimEnd();
  return out;
}

/** Keep only the identifying manifest attributes. */
export function pickManifestKeys(all: Record<string, string>): Partial<Record<ManifestKey, string>> {
  const out: Partial<Record<ManifestKey, string>> = {};
  for (const k of MANIFEST_KEYS) {
    const v = all[k];
    if (v !== undefined && v !== '') out[k] = v;
  }
  return out;
}

/**
 * Parse a Java properties file as Maven writes `pom.properties`: `key=value` (or `key:value`) lines, `#`/`!`
 * comments. Backslash line continuations are joined; other escapes are kept as written (Maven coordinates never
 * need them).
 * @example parsePomProperties('groupId=org.yaml\nartifactId=snakeyaml\nversion=1.33\n').version // '1.33'
 */
export function parsePomProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = (lines[i] ?? '').trimStart();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) {
      line = line.slice(0, -1) + (lines[++i] ?? '').trimStart();
    }
    const m = /^([^=:\s]+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1] as string;
    if (!(key in out)) out[key] = (m[2] ?? '').trim();
  }
  return out;
}
