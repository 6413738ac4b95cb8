/**
 * java cataloger: Java archives (jar, war, ear, and Jenkins jpi/hpi, par) anywhere in the image, with the archives
 * nested in them. Identity from Maven's pom.properties, else META-INF/MANIFEST.MF, else the file name.
 * See readme.md for the rules, and archive.ts / zip.ts for the reading.
 */
import type { Cataloger, FileInfo, FileParseResult } from '../types.js';
import { catalogJavaArchive, isJavaArchiveName, JAVA_ARCHIVE_EXTENSIONS } from './archive.js';

export const id = 'java';
export const displayName = 'Java archives (jar, war, ear)';
export const specs = [
  'https://docs.oracle.com/en/java/javase/17/docs/specs/jar/jar.html',
  'https://maven.apache.org/shared/maven-archiver/',
  'https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT',
] as const;

export const cataloger: Cataloger = {
  id,
  displayName,
  version: 1,
  packageType: 'java',
  specs,
  // Fat jars and wars of a few hundred MiB exist; the whole tree's inflation is separately capped.
  maxFileSize: 512 * 1024 * 1024,
  pathHints: { suffixes: JAVA_ARCHIVE_EXTENSIONS },
  matches(file: FileInfo): boolean {
    return isJavaArchiveName(file.path);
  },
  parse(file: FileInfo, bytes: Uint8Array): FileParseResult {
    return catalogJavaArchive(file.path, bytes);
  },
};
