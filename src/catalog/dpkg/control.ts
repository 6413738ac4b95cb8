/**
 * deb822 control-paragraph reader for the dpkg status database (`/var/lib/dpkg/status`, `status.d/*`).
 * Format: deb-control(5) / deb822(5) — `Field: value` lines, continuation lines start with a space or tab,
 * paragraphs are separated by blank lines. https://manpages.debian.org/bookworm/dpkg-dev/deb822.5.en.html
 */

/** One paragraph: field names as written (dpkg field names are case-insensitive, so look-ups lower-case them). */
export interface ControlParagraph {
  /** 1-based line number of the paragraph's first line, for issues. */
  line: number;
  /** Lower-cased field name → value (continuation lines joined with "\n"). */
  fields: Map<string, string>;
  /** Lines that were neither a field nor a continuation (a sign of corruption), 1-based. */
  badLines: number[];
}

/**
 * Split deb822 text into paragraphs. Never throws: malformed lines are recorded in `badLines`.
 * @example parseControlParagraphs('Package: a\nVersion: 1\n\nPackage: b\n')[1]?.fields.get('package') // 'b'
 */
export function parseControlParagraphs(text: string): ControlParagraph[] {
  const out: ControlParagraph[] = [];
  let current: ControlParagraph | undefined;
  let lastKey: string | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') {
      // A blank (or whitespace-only) line ends the paragraph.
      current = undefined;
      lastKey = undefined;
      continue;
    }
    if (!current) {
      current = { line: i + 1, fields: new Map(), badLines: [] };
      out.push(current);
    }
    if (line[0] === ' ' || line[0] === '\t') {
      if (lastKey === undefined) {
        current.badLines.push(i + 1);
        continue;
      }
      current.fields.set(lastKey, `${current.fields.get(lastKey) ?? ''}\n${line}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      current.badLines.push(i + 1);
      lastKey = undefined;
      continue;
    }
    lastKey = line.slice(0, colon).trim().toLowerCase();
    // deb822: a repeated field in one paragraph is an error; keep the first value, as dpkg refuses the file.
    if (current.fields.has(lastKey)) {
      current.badLines.push(i + 1);
      lastKey = undefined;
      continue;
    }
    current.fields.set(lastKey, line.slice(colon + 1).trim());
  }
  return out;
}
