/** DD-DF-008: secrets given literal values in ENV or ARG. */
import type { RuleHit } from '../../types.js';
import type { DockerfileRule } from '../rule.js';

/**
 * Names that say "this is a credential". `_KEY` alone is too broad (SORT_KEY), so it needs a qualifier in front
 * (API_KEY, ACCESS_KEY, PRIVATE_KEY, SECRET_KEY …) or to be the whole name's end after AUTH/ENCRYPTION/SIGNING.
 */
const SECRET_NAME =
  /(PASSW(OR)?D|PASSPHRASE|SECRET|TOKEN|CREDENTIAL|(API|ACCESS|PRIVATE|SECRET|AUTH|ENCRYPTION|SIGNING|MASTER|CLIENT|LICENSE)_?KEY|_PWD$|^PWD_)/i;
/** Names that match the pattern but hold no secret (file paths, toggles, key ids). */
const NOT_SECRET_NAME = /(_FILE|_PATH|_DIR|_URL_PATH|_ID|_ENABLED|_LENGTH|_TTL|_TYPE|_HEADER|_NAME|_EXPIRY|_POLICY)$|^PASSWORD_?MIN/i;

function isLiteralSecret(value: string): boolean {
  const v = value.replace(/^(["'])(.*)\1$/, '$2').trim();
  if (v === '') return false;
  // A value that only refers to another variable is not a literal: the secret comes from the build environment.
  if (/^\$\{?[A-Za-z_][A-Za-z0-9_]*(:?[-+?][^}]*)?\}?$/.test(v)) return false;
  // Paths to mounted secret files are the right way to do it.
  if (v.startsWith('/run/secrets/')) return false;
  return !/^(true|false|yes|no|on|off|0|1|none|null)$/i.test(v);
}

export const secretInEnvOrArg: DockerfileRule = {
  id: 'DD-DF-008',
  title: 'Secret in ENV or ARG',
  severity: 'CRITICAL',
  description:
    'ENV values are stored in the image config and ARG values in the build history: anyone who can pull the image ' +
    'can read a password, token or key written there, and it stays in every copy of the image.',
  advice:
    'Pass secrets with RUN --mount=type=secret (BuildKit build secrets) at build time and with the runtime ' +
    '(environment, mounted files, a secret manager) at run time; rotate any secret that was committed.',
  references: ['https://docs.docker.com/build/building/secrets/', 'https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/'],
  check(df) {
    const hits: RuleHit[] = [];
    for (const ins of df.instructions) {
      if (ins.keyword !== 'ENV' && ins.keyword !== 'ARG') continue;
      for (const p of ins.pairs ?? []) {
        if (!SECRET_NAME.test(p.name) || NOT_SECRET_NAME.test(p.name)) continue;
        if (p.value === null || !isLiteralSecret(p.value)) continue;
        // Never echo the value: the report would leak the very secret it warns about.
        hits.push({ line: ins.line, message: `${ins.keyword} '${p.name}' has a literal value` });
      }
    }
    return hits;
  },
};
