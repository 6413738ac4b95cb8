/**
 * Python core metadata (METADATA in a wheel's / installed `.dist-info`, PKG-INFO in an `.egg-info`).
 * An email-header style block (RFC 822): `Field: value` lines, continuation lines start with whitespace, the
 * first empty line ends the headers (the body is the long description).
 * Spec: https://packaging.python.org/en/latest/specifications/core-metadata/
 */

/** Header fields in file order; a field may repeat (Classifier, Requires-Dist). */
export type MetadataHeaders = [string, string][];

/** Longest header block read; real ones are a few KiB, the rest of a file is the description. */
const MAX_HEADER_CHARS = 1024 * 1024;

/**
 * Read the header block of a METADATA / PKG-INFO file.
 * @example readMetadataHeaders('Name: six\nVersion: 1.16.0\n') // [['Name','six'],['Version','1.16.0']]
 */
export function readMetadataHeaders(text: string): MetadataHeaders {
  const out: MetadataHeaders = [];
  const lines = text.slice(0, MAX_HEADER_CHARS).split(/\r?\n/);
  for (const line of lines) {
    if (line === '') break;
    if (/^[ \t]/.test(line)) {
      const last = out[out.length - 1];
      if (last) last[1] += `\n${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    out.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return out;
}

/** First value of a field (case-insensitive name). */
export function headerValue(headers: MetadataHeaders, field: string): string | undefined {
  const f = field.toLowerCase();
  return headers.find(([k]) => k.toLowerCase() === f)?.[1];
}

/** All values of a field. */
export function headerValues(headers: MetadataHeaders, field: string): string[] {
  const f = field.toLowerCase();
  return headers.filter(([k]) => k.toLowerCase() === f).map(([, v]) => v);
}

/**
 * Licences of a distribution, best source first:
 * 1. `License-Expression` (an SPDX expression, metadata 2.4, PEP 639);
 * 2. `Classifier: License :: … :: <name>` trove classifiers (the last segment; a bare "License :: OSI Approved"
 *    names no licence);
 * 3. the free-text `License` field when it is one short line and not "UNKNOWN" (it often holds the whole licence
 *    text instead).
 */
export function readPythonLicenses(headers: MetadataHeaders): string[] {
  const expr = headerValue(headers, 'License-Expression');
  if (expr) return [expr];
  const fromClassifiers: string[] = [];
  for (const c of headerValues(headers, 'Classifier')) {
    const parts = c.split('::').map((s) => s.trim());
    if (parts[0] === 'License' && parts.length >= 3 && parts[parts.length - 1]) fromClassifiers.push(parts[parts.length - 1] as string);
  }
  if (fromClassifiers.length > 0) return [...new Set(fromClassifiers)];
  const free = headerValue(headers, 'License');
  if (free && !free.includes('\n') && free.length <= 200 && free.toUpperCase() !== 'UNKNOWN') return [free];
  return [];
}

/** PEP 503 normalised name: lower case, runs of "-", "_" and "." become one "-". */
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
