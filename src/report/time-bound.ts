/**
 * Reusing a rendered document at another time. A report is a function of its inventory, and an inventory of the same
 * image differs from one run to the next only in `createdAt`; each format lists the strings of its output that
 * depend on that time (`ReportFormat.timeBound`: the time as the format writes it, the CycloneDX serial number, the
 * SPDX namespace). A rendering made at one time becomes the rendering at another by replacing those strings, when
 * each of them occurs exactly once in it: a string that also occurs elsewhere (an image built in the same second)
 * could not be told apart, so such a document is not reused.
 */

/**
 * `text` with each `from[i]` replaced by `to[i]`, or undefined when some `from[i]` is empty or does not occur exactly
 * once, or two of them overlap.
 * @example retime('at 1 by x', ['1'], ['2']) // 'at 2 by x'
 */
export function retime(text: string, from: readonly string[], to: readonly string[]): string | undefined {
  if (from.length !== to.length) return undefined;
  const spots: Array<{ at: number; from: string; to: string }> = [];
  for (let i = 0; i < from.length; i++) {
    const f = from[i]!;
    const at = f === '' ? -1 : text.indexOf(f);
    if (at < 0 || text.indexOf(f, at + 1) >= 0) return undefined;
    spots.push({ at, from: f, to: to[i]! });
  }
  spots.sort((a, b) => a.at - b.at);
  let out = '';
  let pos = 0;
  for (const s of spots) {
    if (s.at < pos) return undefined; // overlapping
    out += text.slice(pos, s.at) + s.to;
    pos = s.at + s.from.length;
  }
  return out + text.slice(pos);
}
