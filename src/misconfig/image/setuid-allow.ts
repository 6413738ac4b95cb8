/**
 * setuid/setgid programs that distributions ship on purpose (data, not logic). Names are compared after folding
 * /bin → /usr/bin and /sbin → /usr/sbin, since merged-/usr and split layouts both occur.
 * Sources: the shadow, util-linux, sudo, openssh, dbus, fuse, at, cron and busybox packages of Debian/Ubuntu,
 * Alpine and RHEL-family images, as observed in the shared test images and the distributions' package file lists.
 */
export const USUAL_SETUID_SETGID: readonly string[] = [
  // shadow / login
  '/usr/bin/passwd', '/usr/bin/chsh', '/usr/bin/chfn', '/usr/bin/gpasswd', '/usr/bin/newgrp', '/usr/bin/chage',
  '/usr/bin/expiry', '/usr/bin/su', '/usr/sbin/unix_chkpwd', '/usr/sbin/pam_extrausers_chkpwd', '/usr/bin/newuidmap',
  '/usr/bin/newgidmap', '/usr/sbin/pam_timestamp_check', '/usr/sbin/userhelper',
  // util-linux
  '/usr/bin/mount', '/usr/bin/umount', '/usr/bin/wall', '/usr/bin/write', '/usr/bin/write.ul',
  // sudo, polkit, dbus, openssh, fuse
  '/usr/bin/sudo', '/usr/bin/sudoedit', '/usr/bin/pkexec', '/usr/lib/policykit-1/polkit-agent-helper-1',
  '/usr/lib/polkit-1/polkit-agent-helper-1', '/usr/lib/dbus-1.0/dbus-daemon-launch-helper', '/usr/libexec/dbus-1/dbus-daemon-launch-helper',
  '/usr/lib/openssh/ssh-keysign', '/usr/libexec/openssh/ssh-keysign', '/usr/bin/ssh-agent', '/usr/bin/fusermount', '/usr/bin/fusermount3',
  // cron, at, mail locking, misc
  '/usr/bin/crontab', '/usr/bin/at', '/usr/bin/dotlockfile', '/usr/bin/bsd-write', '/usr/lib/eject/dmcrypt-get-device',
  '/usr/sbin/mount.nfs', '/usr/bin/staprun', '/usr/sbin/grub2-set-bootflag',
  // busybox on Alpine: the setuid helper
  '/usr/bin/bbsuid',
];

const USUAL = new Set(USUAL_SETUID_SETGID);

/** Fold /bin and /sbin into /usr for comparison. */
export function foldUsr(path: string): string {
  if (path.startsWith('/bin/') || path.startsWith('/sbin/')) return `/usr${path}`;
  return path;
}

/** True when a setuid/setgid path is one of the usual distribution programs. */
export function isUsualSetuid(path: string): boolean {
  return USUAL.has(foldUsr(path));
}
