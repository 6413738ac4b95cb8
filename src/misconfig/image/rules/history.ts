/** Rules over the image history (`created_by` of each build step). */
import type { ImageHygieneInput, ImageRule, ImageRuleHit } from '../input.js';

/** Each history entry with its 1-based position and the layer it made (undefined for empty layers). */
function historyEntries(input: ImageHygieneInput): { line: number; text: string; layer?: number }[] {
  const out: { line: number; text: string; layer?: number }[] = [];
  let layer = 0;
  (input.config?.history ?? []).forEach((h, i) => {
    const current = h.emptyLayer ? undefined : layer;
    if (!h.emptyLayer) layer++;
    // 64 KiB of a step is plenty to see ADD or a pipe, and bounds the regex work on a hostile config.
    if (h.createdBy) out.push({ line: i + 1, text: h.createdBy.slice(0, 65536), ...(current !== undefined ? { layer: current } : {}) });
  });
  return out;
}

/** Short, single-line evidence: history lines can be kilobytes of shell. */
function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 160 ? `${one.slice(0, 157)}…` : one;
}

// `ADD [--opts] https://…` as the classic builder (#(nop) ADD …) and BuildKit (ADD … # buildkit) record it.
const ADD_URL = /(?:^|#\(nop\)\s{1,8}|\s)ADD\s{1,8}(?:--[a-z-]{1,20}(?:=\S{0,200})?\s{1,8}){0,6}(?:https?|ftp):\/\/\S{1,2000}/;

export const addFromUrl: ImageRule = {
  id: 'DD-IMG-003',
  title: 'ADD from a URL in history',
  severity: 'MEDIUM',
  description: 'A build step used ADD with a remote URL: the download is not verified (no checksum unless --checksum is given) and whatever the server returned at build time is in the image.',
  advice: 'Download with curl/wget in a RUN step and verify a pinned checksum or signature, or use ADD --checksum=sha256:…',
  references: ['https://docs.docker.com/reference/dockerfile/#add'],
  check(input) {
    const hits: ImageRuleHit[] = [];
    for (const h of historyEntries(input)) {
      if (ADD_URL.test(h.text) && !/--checksum=/.test(h.text)) hits.push({ line: h.line, message: clip(h.text), ...(h.layer !== undefined ? { layer: h.layer } : {}) });
    }
    return hits;
  },
};

// A download piped straight into a shell. Bounded gaps keep the regex linear on long RUN lines.
const PIPE_TO_SHELL = /\b(?:curl|wget)\b[^|;&\n]{0,2000}\|\s{0,8}(?:sudo\s{1,8}(?:-\S{1,10}\s{1,8}){0,4})?(?:\/(?:usr\/)?bin\/)?(?:ba|da|z|k|a)?sh\b/;

export const pipeToShell: ImageRule = {
  id: 'DD-IMG-004',
  title: 'Download piped into a shell in history',
  severity: 'HIGH',
  description: 'A build step downloaded a script and ran it (curl … | sh): nothing checked what was run, so a compromised or spoofed server decided what went into the image.',
  advice: 'Download the script to a file, verify a pinned checksum or signature, then run it; prefer distribution packages.',
  references: ['https://docs.docker.com/build/building/best-practices/#using-pipes'],
  check(input) {
    const hits: ImageRuleHit[] = [];
    for (const h of historyEntries(input)) {
      if (PIPE_TO_SHELL.test(h.text)) hits.push({ line: h.line, message: clip(h.text), ...(h.layer !== undefined ? { layer: h.layer } : {}) });
    }
    return hits;
  },
};
