/** Base-image pinning: DD-DF-001 (`latest` or no tag) and DD-DF-002 (no digest). */
import type { RuleHit } from '../../types.js';
import type { DockerfileStage, ParsedDockerfile } from '../parse.js';
import type { DockerfileRule } from '../rule.js';

interface ResolvedImage {
  stage: DockerfileStage;
  /** The image with global ARG defaults substituted. */
  image: string;
  tag?: string;
  digest?: string;
  /** True when the reference still has a variable in it that has no default. */
  unresolved: boolean;
}

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-+][^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * The external images of the Dockerfile, with ARGs declared before the first FROM substituted (only those are in
 * scope for FROM: https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact).
 */
function externalImages(df: ParsedDockerfile): ResolvedImage[] {
  const globals = new Map<string, string>();
  for (const ins of df.instructions) {
    if (ins.stage !== -1 || ins.keyword !== 'ARG') continue;
    for (const p of ins.pairs ?? []) if (p.value !== null) globals.set(p.name, stripQuotes(p.value));
  }
  const out: ResolvedImage[] = [];
  for (const stage of df.stages) {
    if (stage.parentStage !== undefined || stage.image === '' || stage.image.toLowerCase() === 'scratch') continue;
    let unresolved = false;
    const image = stage.image.replace(VAR, (m, a: string | undefined, b: string | undefined) => {
      const v = globals.get((a ?? b)!);
      if (v === undefined) {
        unresolved = true;
        return m;
      }
      return v;
    });
    // An image that is entirely a variable with no default is chosen at build time: nothing to judge.
    if (/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(image)) continue;
    const r: ResolvedImage = { stage, image, unresolved };
    let rest = image;
    const at = rest.indexOf('@');
    if (at !== -1) {
      r.digest = rest.slice(at + 1);
      rest = rest.slice(0, at);
    }
    const colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) r.tag = rest.slice(colon + 1);
    out.push(r);
  }
  return out;
}

function stripQuotes(s: string): string {
  return s.replace(/^(["'])(.*)\1$/, '$2');
}

export const fromLatestTag: DockerfileRule = {
  id: 'DD-DF-001',
  title: 'Base image uses the latest tag or no tag',
  severity: 'MEDIUM',
  description:
    'A FROM without a tag means `latest`, and `latest` moves: the same Dockerfile builds on a different base ' +
    'image from one day to the next, so builds cannot be reproduced and a vulnerable or breaking base can slip in unnoticed.',
  advice: 'Name an explicit version tag (debian:12.8, node:20.18-alpine), ideally with a digest as well.',
  references: ['https://docs.docker.com/reference/dockerfile/#from', 'https://docs.docker.com/build/building/best-practices/#from'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const r of externalImages(df)) {
      if (r.digest) continue;
      if (r.tag === undefined) {
        // `alpine$TAG` with TAG unset still names no tag; `foo:${TAG}` has a tag we cannot see.
        hits.push({ line: r.stage.from.line, message: `image '${r.stage.image}' has no tag, so it means 'latest'` });
      } else if (r.tag === 'latest') {
        hits.push({ line: r.stage.from.line, message: `image '${r.stage.image}' uses the 'latest' tag` });
      }
    }
    return hits;
  },
};

export const fromNoDigest: DockerfileRule = {
  id: 'DD-DF-002',
  title: 'Base image is not pinned by digest',
  severity: 'LOW',
  description:
    'A tag can be re-pointed by whoever controls the repository (or an attacker who does). Only a digest names ' +
    'exactly the bytes that were reviewed and scanned.',
  advice: 'Pin the base as name:tag@sha256:<digest> and update the digest deliberately (e.g. with a dependency bot).',
  references: ['https://docs.docker.com/reference/dockerfile/#from', 'https://docs.docker.com/build/building/best-practices/#pin-base-image-versions'],
  check(df) {
    return externalImages(df)
      .filter((r) => !r.digest)
      .map((r) => ({ line: r.stage.from.line, message: `image '${r.stage.image}' is not pinned by digest` }));
  },
};
