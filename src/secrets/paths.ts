/**
 * Which files of an image are worth reading for secrets. Called for every regular file of every layer, so it looks
 * at the path only (a few prefix and suffix tests): the body is read only when this says yes.
 */

/** Files larger than this are not read (10 MiB): secrets live in config and code, not in multi-megabyte blobs. */
export const DEFAULT_MAX_SECRET_FILE_SIZE = 10 * 1024 * 1024;

/**
 * Directory prefixes that hold documentation, translations, time zones and the like: packaged by the distribution,
 * large in number, and never where a build leaves credentials.
 */
export const NOISE_DIRS: readonly string[] = [
  '/usr/share/doc/', '/usr/share/man/', '/usr/share/info/', '/usr/share/locale/', '/usr/share/i18n/',
  '/usr/share/zoneinfo/', '/usr/share/zoneinfo-icu/', '/usr/lib/locale/', '/usr/share/common-licenses/',
  '/usr/share/lintian/', '/usr/share/perl/', '/usr/share/perl5/Locale/', '/usr/share/X11/locale/', '/usr/share/icons/',
  '/usr/share/fonts/', '/usr/share/terminfo/', '/usr/lib/terminfo/', '/usr/share/mime/',
  '/var/lib/dpkg/info/', '/var/cache/debconf/', '/var/lib/apt/lists/', '/var/cache/apt/', '/var/cache/apk/',
  '/proc/', '/sys/', '/dev/',
];

/**
 * Trusted CA bundles: thousands of PEM certificates that only look like key material. (Certificates never match
 * the private-key rule, but skipping these saves reading them.)
 */
export const CA_BUNDLE_PATHS: readonly RegExp[] = [
  /^\/etc\/ssl\/certs\//,
  /^\/usr\/share\/ca-certificates\//,
  /^\/etc\/pki\/ca-trust\//,
  /^\/etc\/pki\/tls\/certs\/ca-bundle/,
  /^\/etc\/ca-certificates\//,
  /^\/usr\/local\/share\/ca-certificates\//,
  /\/certifi\/cacert\.pem$/,
  /\/(?:ca-bundle|ca-certificates|cacert)\.(?:crt|pem)$/,
];

/** Suffixes of files that are binary or compressed by nature: reading them would only find NUL bytes. */
const BINARY_SUFFIXES = new Set([
  'mo', 'gmo', 'gz', 'tgz', 'xz', 'bz2', 'zst', 'lz4', 'zip', 'jar', 'war', 'ear', 'whl', 'egg', 'deb', 'rpm', 'apk',
  'png', 'jpg', 'jpeg', 'gif', 'ico', 'webp', 'bmp', 'tif', 'tiff', 'woff', 'woff2', 'ttf', 'otf', 'eot', 'pdf',
  'so', 'a', 'o', 'ko', 'pyc', 'pyo', 'class', 'dll', 'exe', 'node', 'wasm', 'db', 'sqlite', 'mp3', 'mp4', 'ogg',
  'wav', 'pf2', 'cache', 'bin', 'dat', 'pak',
]);

/** The suffix of a name, lower-cased, treating `libx.so.1.2` as `so`. */
function suffixOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const so = base.indexOf('.so.');
  if (so > 0) return 'so';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/**
 * True when a file at this path should be read for secrets: not a noise directory, not a CA bundle, not a binary
 * or compressed format by its suffix.
 */
export function isSecretScanPath(path: string): boolean {
  for (const d of NOISE_DIRS) if (path.startsWith(d)) return false;
  for (const re of CA_BUNDLE_PATHS) if (re.test(path)) return false;
  // TypeScript declaration files hold types only (megabytes of them under @types): any literal there is an example.
  if (path.endsWith('.d.ts')) return false;
  return !BINARY_SUFFIXES.has(suffixOf(path));
}
