// Rewrite docs/cli.md from the built CLI's commands (npm run docs).
import { writeFileSync } from 'node:fs';
import { renderCliDocs } from '../dist/cli/docs.js';

writeFileSync(new URL('../docs/cli.md', import.meta.url), await renderCliDocs());
