/** Alpine secdb JSON (https://secdb.alpinelinux.org/, one file per branch and repository): the fields we read. */
import { z } from 'zod';

export const secdbPackage = z.object({
  pkg: z.object({
    name: z.string().min(1),
    secfixes: z.record(z.array(z.string()).nullable()).optional(),
  }),
});

export const secdbFile = z.object({
  distroversion: z.string().regex(/^v\d+\.\d+$/),
  reponame: z.string().optional(),
  packages: z.array(z.unknown()),
});
