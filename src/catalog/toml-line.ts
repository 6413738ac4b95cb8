/**
 * One-line TOML values for the catalogers that read machine-written TOML files (Cargo.lock, Julia's Manifest.toml)
 * with a line reader instead of a TOML library: each writes one `key = value` per line.
 * Spec: https://toml.io/en/v1.0.0#string
 */

/** A TOML basic or literal string on one line; undefined for anything else. */
export function tomlString(raw: string): string | undefined {
  const v = raw.trim();
  // A one-line multi-line string ("""1.0""" / '''1.0''') is legal TOML too.
  const multi = /^(?:"""([^"\\]*)"""|'''([^']*)''')\s*(?:#.*)?$/.exec(v);
  if (multi) return multi[1] ?? multi[2];
  const basic = /^"((?:[^"\\]|\\.)*)"\s*(?:#.*)?$/.exec(v);
  if (basic) {
    return (basic[1] as string).replace(/\\(["\\/bfnrt]|u[0-9a-fA-F]{4})/g, (_m, e: string) =>
      e.length > 1 ? String.fromCharCode(Number.parseInt(e.slice(1), 16)) : ({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' } as Record<string, string>)[e] ?? e,
    );
  }
  const literal = /^'([^']*)'\s*(?:#.*)?$/.exec(v);
  return literal ? literal[1] : undefined;
}
