/** The operating system an image is built on, as read from os-release and the distro fallbacks. */
export interface OsInfo {
  /** os-release ID: debian, ubuntu, alpine, rhel, centos, rocky, almalinux, fedora, amzn, wolfi, … */
  family: string;
  /** os-release VERSION_ID, or the fallback file's version (e.g. alpine-release 3.17.10, debian_version 12.8). */
  version?: string;
  /** os-release VERSION_CODENAME (bookworm). */
  codename?: string;
  prettyName?: string;
  /** True when the image has no package manager and no shell but a distroless status.d. */
  distroless?: boolean;
  /**
   * Alpine: the newest branch that the untagged lines of /etc/apk/repositories name ('3.20' or 'edge'). Packages are
   * installed from there, so it can be newer than alpine-release after an upgrade through newer repositories.
   */
  repositoryRelease?: string;
  /**
   * Ubuntu: Ubuntu Pro's extended security maintenance (esm-infra or esm-apps) is enabled in the image
   * (/var/lib/ubuntu-advantage/status.json), so fixes from the ESM pockets reach it.
   */
  extendedSupport?: boolean;
  /** The file the facts were read from. */
  source: string;
}
