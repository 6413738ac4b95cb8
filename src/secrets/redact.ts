/** Redaction and entropy: the two small measures every rule shares. */

/**
 * Show the start of a secret and hide the rest: the first 4 characters then `****`. Short values show less (a
 * quarter of their length, at most 4) so that an 8-character password never has half of itself printed.
 * @example redactSecret('ghp_abcdefghijklmnopqrstuvwxyz0123456789') // 'ghp_****'
 */
export function redactSecret(value: string): string {
  const shown = value.length >= 16 ? 4 : Math.min(4, Math.floor(value.length / 4));
  // Keep only printable ASCII of the shown part so that control characters cannot reach a terminal.
  return `${value.slice(0, shown).replace(/[^\x20-\x7e]/g, '?')}****`;
}

/**
 * Shannon entropy of a string in bits per character (0 for an empty string).
 * @example shannonEntropy('aaaa') // 0
 */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}
