/**
 * The secret rules. Every pattern here is our own. Token prefixes are public facts from the vendors' documentation
 * (GitHub `ghp_`, GitLab `glpat-`, Slack `xoxb-`, Stripe `sk_live_`, npm `npm_`, PyPI `pypi-`, AWS `AKIA`).
 *
 * Threat: the scanned text is attacker-controlled (an image from anywhere). Every regex must stay linear: each
 * starts on a literal or behind a look-behind that only lets a match begin at the start of a token run, and every
 * repetition is bounded. bench/secrets.mjs times each rule on 1 MB of near-matches.
 */
import type { RawMatch, SecretRule, SecretRuleMeta, Severity } from './types.js';
import { shannonEntropy } from './redact.js';

/** Run a global regex with indices and turn group `group` of each match into a candidate. */
type Accept = (value: string, m: RegExpExecArray, path: string) => Partial<Omit<RawMatch, 'start' | 'end' | 'value'>> | boolean;

function matchAll(re: RegExp, text: string, path: string, group: number, accept?: Accept): RawMatch[] {
  const out: RawMatch[] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) re.lastIndex++;
    const span = m.indices?.[group];
    const value = m[group];
    if (!span || value === undefined) continue;
    const base: RawMatch = { start: span[0], end: span[1], value };
    if (!accept) out.push(base);
    else {
      const r = accept(value, m, path);
      if (r === true) out.push(base);
      else if (r) out.push({ ...r, ...base });
    }
  }
  re.lastIndex = 0;
  return out;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A rule that is one regex; `group` is the capture that holds the secret. */
function regexRule(meta: SecretRuleMeta & { keywords: string[]; re: RegExp; group?: number; appliesTo?: (p: string) => boolean; generic?: boolean; accept?: Accept }): SecretRule {
  const { re, group = 0, accept, ...rest } = meta;
  if (!re.global || !re.hasIndices) throw new Error(`rule ${meta.id}: pattern needs the g and d flags`);
  return { ...rest, scan: (text, path) => matchAll(re, text, path, group, accept) };
}

// A token character run may only start where the previous character is not a token character: this look-behind
// is what keeps unanchored token patterns linear on long runs of near-matches.
const TOK = 'A-Za-z0-9_\\-';

const ADVICE_ROTATE = 'Revoke or rotate the credential now (it is readable by anyone who can pull the image), remove it from the build, and pass secrets at build time with BuildKit secret mounts and at run time from the orchestrator or a secret manager.';

export const awsAccessKeyId = regexRule({
  id: 'DD-SEC-001',
  title: 'AWS access key ID',
  severity: 'MEDIUM',
  description: 'An AWS access key ID (AKIA… long-term, ASIA… temporary). On its own it is an identifier; with its secret access key in the same file it is a working credential (reported as DD-SEC-002).',
  advice: ADVICE_ROTATE,
  keywords: ['akia', 'asia', 'abia', 'acca'],
  re: new RegExp(`(?<![${TOK}])(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![${TOK}])`, 'gd'),
});

export const awsSecretAccessKey = regexRule({
  id: 'DD-SEC-002',
  title: 'AWS secret access key',
  severity: 'CRITICAL',
  description: 'A 40-character AWS secret access key assigned to an aws_secret_access_key-style name (env files, shared credentials files, code).',
  advice: ADVICE_ROTATE,
  keywords: ['secret_access_key', 'secretaccesskey', 'aws_secret', 'secret-access-key'],
  re: /(?:aws_?secret_?access_?key|secret_?access_?key|aws_?secret(?:_?key)?|secret-access-key)["']?\s{0,4}(?:=|:|=>)\s{0,4}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gdi,
  group: 1,
});

export const gcpServiceAccount = regexRule({
  id: 'DD-SEC-003',
  title: 'GCP service-account key',
  severity: 'CRITICAL',
  description: 'A Google Cloud service-account JSON key file: a private key together with the account\'s client_email. It authenticates as that account until the key is deleted.',
  advice: 'Delete the key in IAM (Service accounts → Keys), remove the file from the image, and use workload identity or a mounted secret instead.',
  keywords: ['"private_key"'],
  re: /"private_key"\s{0,4}:\s{0,4}"(-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----[A-Za-z0-9+/=\\\r\n ]{64,200})/gd,
  group: 1,
  accept: (_v, m) => {
    // The pair is what makes it a service-account key: look for client_email in the same document.
    const input = m.input;
    const near = input.slice(Math.max(0, m.index - 4096), m.index + 8192);
    return /"client_email"\s{0,4}:\s{0,4}"[^"@\s]{1,128}@[^"\s]{1,200}"/.test(near);
  },
});

export const azureStorageKey = regexRule({
  id: 'DD-SEC-004',
  title: 'Azure storage account key',
  severity: 'CRITICAL',
  description: 'An Azure storage account key (88 base64 characters), usually inside a connection string (AccountName=…;AccountKey=…). It gives full access to the account.',
  advice: 'Rotate the key in the storage account\'s Access keys, remove it from the image, and use a managed identity or a short-lived SAS.',
  keywords: ['accountkey'],
  re: /AccountKey\s{0,2}=\s{0,2}([A-Za-z0-9+/]{86}==)/gdi,
  group: 1,
});

export const azureClientSecret = regexRule({
  id: 'DD-SEC-005',
  title: 'Azure AD client secret',
  severity: 'HIGH',
  description: 'A Microsoft Entra ID (Azure AD) application client secret in its current format (three characters, a digit, then Q~).',
  advice: ADVICE_ROTATE,
  keywords: ['q~'],
  re: /(?<![A-Za-z0-9_~.-])([A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/gd,
  group: 1,
});

export const githubToken = regexRule({
  id: 'DD-SEC-006',
  title: 'GitHub token',
  severity: 'CRITICAL',
  description: 'A GitHub personal access token (ghp_, fine-grained github_pat_), OAuth token (gho_), user-to-server (ghu_), server-to-server (ghs_) or refresh token (ghr_).',
  advice: ADVICE_ROTATE,
  keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
  re: new RegExp(`(?<![${TOK}])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![${TOK}])`, 'gd'),
});

export const gitlabToken = regexRule({
  id: 'DD-SEC-007',
  title: 'GitLab token',
  severity: 'CRITICAL',
  description: 'A GitLab personal, project or group access token (glpat-), or another prefixed GitLab token (gldt- deploy, glrt- runner, glptt- pipeline trigger).',
  advice: ADVICE_ROTATE,
  keywords: ['glpat-', 'gldt-', 'glrt-', 'glptt-'],
  re: new RegExp(`(?<![${TOK}])(?:glpat|gldt|glrt|glptt)-[A-Za-z0-9_\\-]{20,64}(?![${TOK}])`, 'gd'),
});

export const slackToken = regexRule({
  id: 'DD-SEC-008',
  title: 'Slack token',
  severity: 'HIGH',
  description: 'A Slack bot, user, app or configuration token (xoxb-, xoxp-, xoxa-, xoxe-, xoxr-, xoxs-).',
  advice: ADVICE_ROTATE,
  keywords: ['xox'],
  re: new RegExp(`(?<![${TOK}])xox[abeoprs]-[0-9A-Za-z]{1,40}-[0-9A-Za-z\\-]{8,200}(?![${TOK}])`, 'gd'),
});

export const slackWebhook = regexRule({
  id: 'DD-SEC-009',
  title: 'Slack incoming webhook',
  severity: 'HIGH',
  description: 'A Slack incoming-webhook or workflow URL: anyone holding it can post into the channel.',
  advice: 'Regenerate the webhook in the Slack app settings and read the URL from a secret at run time.',
  keywords: ['hooks.slack.com'],
  re: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/([A-Za-z0-9+/_-]{20,160})/gd,
  group: 0,
});

export const stripeKey = regexRule({
  id: 'DD-SEC-010',
  title: 'Stripe live secret key',
  severity: 'CRITICAL',
  description: 'A Stripe live-mode secret key (sk_live_) or restricted key (rk_live_): it can move money on the account.',
  advice: ADVICE_ROTATE,
  keywords: ['sk_live_', 'rk_live_'],
  re: new RegExp(`(?<![${TOK}])[sr]k_live_[A-Za-z0-9]{20,247}(?![${TOK}])`, 'gd'),
});

export const npmToken = regexRule({
  id: 'DD-SEC-011',
  title: 'npm access token',
  severity: 'CRITICAL',
  description: 'An npm access token (npm_ followed by 36 characters): it can publish packages as its owner.',
  advice: ADVICE_ROTATE,
  keywords: ['npm_'],
  re: new RegExp(`(?<![${TOK}])npm_[A-Za-z0-9]{36}(?![${TOK}])`, 'gd'),
});

function isNpmrc(path: string): boolean {
  const b = basename(path);
  return b === '.npmrc' || b === 'npmrc' || b === '.yarnrc' || b === '.yarnrc.yml';
}

export const npmrcAuth = regexRule({
  id: 'DD-SEC-012',
  title: 'npm registry credential in .npmrc',
  severity: 'HIGH',
  description: 'An _authToken, _auth (base64 user:password) or _password setting with a literal value: the credential npm and yarn send to the registry.',
  advice: 'Remove the .npmrc from the image (use a BuildKit secret mount for the install step) and rotate the token.',
  keywords: ['_authtoken', '_auth', '_password', 'npmauthtoken'],
  // `_authToken` is distinctive enough for any file; `_auth`/`_password` only count inside npmrc files (below).
  re: /(?:^|[\s:;"'])(_authToken|npmAuthToken|_auth|_password)\s{0,4}[=:]\s{0,4}["']?([^\s"'#;]{6,1024})/gdm,
  group: 2,
  accept: (_v, m, path) => m[1] === '_authToken' || m[1] === 'npmAuthToken' || isNpmrc(path),
});

export const pypiToken = regexRule({
  id: 'DD-SEC-013',
  title: 'PyPI API token',
  severity: 'CRITICAL',
  description: 'A PyPI (or TestPyPI) upload token: a macaroon starting pypi-AgE… that can publish the owner\'s projects.',
  advice: ADVICE_ROTATE,
  keywords: ['pypi-age'],
  re: new RegExp(`(?<![${TOK}])pypi-AgE[A-Za-z0-9_\\-]{50,600}(?![${TOK}])`, 'gd'),
});

export const pypircPassword = regexRule({
  id: 'DD-SEC-014',
  title: 'Password in .pypirc',
  severity: 'HIGH',
  description: 'A password (or token) for a package index in a .pypirc file, used by twine and setuptools uploads.',
  advice: 'Remove the .pypirc from the image and rotate the credential; pass it as TWINE_PASSWORD from a secret at upload time.',
  keywords: ['password'],
  appliesTo: (p) => basename(p) === '.pypirc',
  re: /^[ \t]{0,16}password[ \t]{0,16}[=:][ \t]{0,16}(\S{1,1024})/gdim,
  group: 1,
});

/**
 * PEM private keys. The BEGIN line alone is in many libraries' source (parsers, tests), so a key body must
 * follow: optional RFC 1421 headers, then at least 40 base64 characters.
 */
export const privateKey = regexRule({
  id: 'DD-SEC-015',
  title: 'Private key',
  severity: 'CRITICAL',
  description: 'A PEM private key: RSA, EC, DSA, OpenSSH, PKCS#8 or PGP. Unencrypted keys are critical; passphrase-protected ones (ENCRYPTED PRIVATE KEY, Proc-Type 4,ENCRYPTED, an OpenSSH key with a cipher) are reported at medium severity since the passphrase may be weak or nearby.',
  advice: 'Remove the key from the image and replace it (issue a new certificate or key pair); mount keys at run time.',
  keywords: ['private key'],
  re: /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----(?:\\r\\n|\\n|\r?\n)((?:[A-Za-z-]{1,40}: ?[^\r\n]{0,200}(?:\\r\\n|\\n|\r?\n)){0,6})(?:\\r\\n|\\n|\r?\n)?([A-Za-z0-9+/=]{40,120})/gd,
  group: 3,
  accept: (_v, m) => {
    const kind = m[1] ?? '';
    const headers = m[2] ?? '';
    let encrypted = kind.startsWith('ENCRYPTED') || /Proc-Type: ?4,ENCRYPTED/.test(headers);
    if (kind.startsWith('OPENSSH')) encrypted = openSshEncrypted(m[3] ?? '');
    const label = kind.replace(/ ?PRIVATE KEY.*$/, '').trim();
    return {
      title: `${label ? `${label} ` : ''}private key${encrypted ? ' (encrypted)' : ''}`,
      ...(encrypted ? { severity: 'MEDIUM' as Severity, note: 'The key is protected by a passphrase.' } : {}),
    };
  },
});

/** An OpenSSH key body is "openssh-key-v1\0" then the cipher name; "none" means unencrypted. */
function openSshEncrypted(b64: string): boolean {
  let bin: string;
  try {
    bin = atob(b64.slice(0, 60).replace(/=+$/, '').slice(0, 56));
  } catch {
    return false;
  }
  // magic (15 bytes) + uint32 length + cipher name
  const cipher = bin.slice(19, 19 + Math.min(32, bin.charCodeAt(18)));
  return cipher !== 'none' && cipher.length > 0;
}

export const jwt = regexRule({
  id: 'DD-SEC-016',
  title: 'JSON Web Token',
  severity: 'MEDIUM',
  description: 'A signed JSON Web Token (header and payload are base64url JSON). It is a bearer credential until it expires; long-lived service tokens often do not.',
  advice: 'Remove the token and revoke it (or rotate the signing key if it cannot be revoked); fetch tokens at run time.',
  keywords: ['eyj'],
  re: new RegExp(`(?<![${TOK}.])eyJ[A-Za-z0-9_\\-]{8,1000}\\.eyJ[A-Za-z0-9_\\-]{8,4000}\\.[A-Za-z0-9_\\-]{16,1000}(?![${TOK}.])`, 'gd'),
  accept: (v) => {
    // The header must decode to JSON naming an algorithm: random base64 starting with eyJ is not enough.
    const head = v.slice(0, v.indexOf('.'));
    try {
      const json = atob(head.replace(/-/g, '+').replace(/_/g, '/'));
      return /"alg"\s*:\s*"(?!none")/.test(json);
    } catch {
      return false;
    }
  },
});

const PLACEHOLDER_PASSWORDS = /^(?:pass(?:word|wd)?|pwd|secret|changeme|\*+|x+|\.+|p@ssw0rd|your[-_]?password|<[^>]*>|\{[^}]*\}|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|%[sd]|:[A-Za-z_]+)$/i;

export const urlPassword = regexRule({
  id: 'DD-SEC-017',
  title: 'Password in URL',
  severity: 'HIGH',
  description: 'A URL with a password in its user-info part (scheme://user:password@host): database, broker and proxy URLs in config files and scripts.',
  advice: 'Take the password out of the URL and pass it from a secret at run time; rotate it.',
  keywords: ['://'],
  // Starts on the literal '://' (fast to search for); the scheme before it is checked in accept().
  re: /:\/\/[^\s:/?#@"'<>`]{1,128}:([^\s/?#@"'<>`]{1,128})@([A-Za-z0-9[][A-Za-z0-9.\-\]:]{0,253})/gd,
  group: 1,
  accept: (v, m) => {
    const before = m.input.slice(Math.max(0, m.index - 21), m.index);
    if (!/(?:^|[^A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,20}$/.test(before)) return false;
    return !PLACEHOLDER_PASSWORDS.test(decodeSafe(v)) && !isReservedExampleHost(m[2] ?? '');
  },
});

/** Hosts reserved for documentation (RFC 2606, RFC 6761): URLs naming them are examples. */
function isReservedExampleHost(hostPort: string): boolean {
  const host = hostPort.replace(/:\d*$/, '').toLowerCase();
  return /(?:^|\.)example\.(?:com|net|org)$|\.(?:example|invalid|test)$|^(?:example|host|hostname)$/.test(host);
}

function decodeSafe(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

export const connectionStringPassword = regexRule({
  id: 'DD-SEC-018',
  title: 'Password in connection string',
  severity: 'HIGH',
  description: 'An ADO.NET/ODBC/JDBC-style connection string (Server=…;User Id=…;Password=…) with a literal password.',
  advice: 'Take the password out of the connection string and pass it from a secret at run time; rotate it.',
  keywords: ['password=', 'pwd=', 'password =', 'pwd ='],
  re: /(?<![A-Za-z])(?:Server|Data Source|Host|Address|Addr|Network Address)\s{0,2}=[^;\r\n]{1,200};(?:[^;\r\n]{0,200};){0,12}?\s{0,2}(?:Password|Pwd)\s{0,2}=\s{0,2}([^;\r\n'"]{1,128})/gdi,
  group: 1,
  accept: (v) => !PLACEHOLDER_PASSWORDS.test(v.trim()),
});

function isDockerConfig(path: string): boolean {
  return /\/\.docker\/config\.json$|\/\.dockercfg$|\/containers\/auth\.json$/.test(path);
}

export const dockerConfigAuth = regexRule({
  id: 'DD-SEC-019',
  title: 'Registry credential in Docker config',
  severity: 'CRITICAL',
  description: 'An `auths.<registry>.auth` (base64 user:password) or identity token in a Docker/Podman client config: it logs anyone into that registry as the owner.',
  advice: 'Remove the config from the image (log in from a BuildKit secret mount or the CI runner instead) and rotate the password or token.',
  keywords: ['"auth"', '"identitytoken"'],
  appliesTo: isDockerConfig,
  re: /"(?:auth|identitytoken)"\s{0,4}:\s{0,4}"([A-Za-z0-9+/=._-]{4,8192})"/gd,
  group: 1,
});

export const netrcPassword = regexRule({
  id: 'DD-SEC-020',
  title: 'Password in .netrc',
  severity: 'HIGH',
  description: 'A password in a .netrc file: curl, git, ftp and pip send it to the named machine.',
  advice: 'Remove the .netrc from the image and rotate the password; mount it as a build secret when a build step needs it.',
  keywords: ['password'],
  appliesTo: (p) => basename(p) === '.netrc' || basename(p) === '_netrc',
  re: /(?:^|\s)password\s{1,16}(\S{1,1024})/gd,
  group: 1,
});

/** Names that say the value is a credential. Kept apart from DD-DF-008's list so each can be tuned alone. */
const SECRET_KEY_NAME = '(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|auth[_-]?key|private[_-]?key|client[_-]?secret|credentials?)';
/** Generic findings need this much Shannon entropy (bits per character): real secrets are random. */
export const GENERIC_MIN_ENTROPY = 3.0;

/** Names that contain a credential word but hold something else (a type, a field name, a path, a length …). */
const NOT_SECRET_NAME = /(?:_|\b|[a-z](?=[A-Z]))(?:types?|names?|ids?|kind|class|file|path|dir|url|uri|endpoint|len|length|size|count|format|field|header|prefix|suffix|re|regex|pattern|mode|method|expiry|ttl|timeout|policy|hint|label|prompt|placeholder|encoding|algorithm|alg|version|key_?id|env|var|location|store)["']?$/i;

function genericAccept(v: string): boolean {
  if (v.length < 8) return false;
  // Paths, URLs and expressions are references, not secrets.
  if (/^[/~.]|^https?:|[()[\]{}\s]/i.test(v)) return false;
  // Random material has letters and digits; identifiers and prose ('same-origin', 'quoted-string') do not.
  if (!/[0-9]/.test(v) || !/[A-Za-z]/.test(v)) return false;
  return shannonEntropy(v) >= GENERIC_MIN_ENTROPY;
}

export const genericQuoted = regexRule({
  id: 'DD-SEC-021',
  title: 'Secret assigned in code or config',
  severity: 'HIGH',
  description: `A quoted, high-entropy value (at least ${GENERIC_MIN_ENTROPY} bits per character, 8 characters or more) assigned to a name such as password, secret, token or api_key. Placeholders and templating are allowed (see docs/secrets.md).`,
  advice: ADVICE_ROTATE,
  keywords: ['pass', 'pwd', 'secret', 'token', 'key', 'credential'],
  generic: true,
  // Starts on the credential word itself (a literal alternation irregexp can search for quickly); the rest of the
  // name before it does not matter for the decision.
  re: new RegExp(`(${SECRET_KEY_NAME}[A-Za-z0-9_.-]{0,30})["']?\\s{0,4}(?::=|=>|==|=|:)\\s{0,4}(["'])([^"'\\r\\n\\s]{8,200})\\2`, 'gdi'),
  group: 3,
  accept: (v, m) => !m[0].includes('==') && !NOT_SECRET_NAME.test(m[1] ?? '') && genericAccept(v),
});

export const genericEnvAssignment = regexRule({
  id: 'DD-SEC-022',
  title: 'Secret in environment-style assignment',
  severity: 'HIGH',
  description: `An unquoted, high-entropy value in a NAME=value line (.env files, shell exports, systemd EnvironmentFile) whose upper-case name says it is a credential (…PASSWORD, …SECRET, …TOKEN, …API_KEY).`,
  advice: ADVICE_ROTATE,
  keywords: ['pass', 'pwd', 'secret', 'token', 'key', 'credential'],
  generic: true,
  re: new RegExp(`${SECRET_KEY_NAME.toUpperCase()}[A-Z0-9_]{0,30}=([^\\s"'#]{8,300})[ \\t]*$`, 'gdm'),
  group: 1,
  // The name must be the whole start of the line (optionally after `export`), with no blanks around '=': that is
  // what a shell or env-file assignment looks like, and it keeps code (X = y) out. Checked here rather than in the
  // pattern so that the pattern starts on the credential word.
  accept: (v, m) => {
    const lineStart = m.input.lastIndexOf('\n', m.index) + 1;
    if (m.index - lineStart > 80) return false;
    return /^[ \t]*(?:export[ \t]+)?[A-Z0-9_]*$/.test(m.input.slice(lineStart, m.index)) && genericAccept(v);
  },
});

/** Every secret rule, most specific first: when two matches overlap, the earlier rule's finding is kept. */
export const secretRules: readonly SecretRule[] = [
  gcpServiceAccount,
  privateKey,
  awsSecretAccessKey,
  awsAccessKeyId,
  azureStorageKey,
  azureClientSecret,
  githubToken,
  gitlabToken,
  slackToken,
  slackWebhook,
  stripeKey,
  npmToken,
  pypiToken,
  jwt,
  dockerConfigAuth,
  npmrcAuth,
  pypircPassword,
  netrcPassword,
  connectionStringPassword,
  urlPassword,
  genericQuoted,
  genericEnvAssignment,
];

/** Find a rule by id (exact). */
export function findSecretRule(id: string): SecretRule | undefined {
  return secretRules.find((r) => r.id === id);
}
