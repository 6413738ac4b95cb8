/**
 * Made-up credentials for tests, built from a seeded generator so that no real secret is ever committed and the
 * repository's own secret scanning has nothing real to find. Shapes follow the vendors' documented formats.
 */
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64 = `${ALNUM}+/`;
const UPPER32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

let seed = 20240611;
function rnd(n: number): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
}

/** `n` characters drawn from `alphabet`. */
export function randomOf(alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[rnd(alphabet.length)];
  return s;
}

export const fake = {
  awsId: `AKIA${randomOf(UPPER32, 16)}`,
  awsSecret: randomOf(B64, 40),
  github: `ghp_${randomOf(ALNUM, 36)}`,
  githubFine: `github_pat_${randomOf(ALNUM, 22)}_${randomOf(ALNUM, 59)}`,
  gitlab: `glpat-${randomOf(ALNUM, 20)}`,
  slack: `xoxb-${randomOf('0123456789', 12)}-${randomOf('0123456789', 13)}-${randomOf(ALNUM, 24)}`,
  slackHook: `https://hooks.slack.com/services/T${randomOf(UPPER32, 8)}/B${randomOf(UPPER32, 8)}/${randomOf(ALNUM, 24)}`,
  stripe: `sk_live_${randomOf(ALNUM, 24)}`,
  npm: `npm_${randomOf(ALNUM, 36)}`,
  pypi: `pypi-AgEIcHlwaS5vcmc${randomOf(`${ALNUM}_-`, 80)}`,
  azureKey: `${randomOf(B64, 86)}==`,
  azureSecret: `${randomOf(ALNUM, 3)}8Q~${randomOf(ALNUM, 34)}`,
  password: `Zq${randomOf(ALNUM, 14)}`,
  pemBody: Array.from({ length: 6 }, () => randomOf(B64, 64)).join('\n'),
  jwt: `${btoa('{"alg":"HS256","typ":"JWT"}').replace(/=+$/, '')}.${btoa('{"sub":"1234","name":"svc"}').replace(/=+$/, '')}.${randomOf(`${ALNUM}_-`, 43)}`,
};

/** A PEM block of the given label around a made-up body. */
export function pem(label: string, headers = ''): string {
  return `-----BEGIN ${label}-----\n${headers}${fake.pemBody}\n-----END ${label}-----\n`;
}

/** An OpenSSH key body: magic, then the cipher name as an SSH string, then filler. */
export function openSshKey(cipher: string): string {
  const bin = `openssh-key-v1\0\0\0\0${String.fromCharCode(cipher.length)}${cipher}\0\0\0\x04none${randomOf(ALNUM, 60)}`;
  const b64 = btoa(bin).match(/.{1,70}/g)!.join('\n');
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${b64}\n-----END OPENSSH PRIVATE KEY-----\n`;
}
