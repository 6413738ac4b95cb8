// ESLint flat config. Pure folders (see docs/architecture.md) may not import I/O modules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const ioModules = [
  'node:fs', 'node:fs/promises', 'fs', 'fs/promises', 'node:net', 'net', 'node:http', 'http', 'node:https', 'https',
  'node:child_process', 'child_process', 'node:dgram', 'node:tls', 'undici', 'better-sqlite3',
];
const pureFolders = [
  'src/model/**', 'src/versioning/**', 'src/cvss/**', 'src/catalog/**', 'src/image/oci/**', 'src/image/layers/**',
  'src/match/**', 'src/report/**', 'src/misconfig/**', 'src/k8s/rules/**', 'src/secrets/**',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '**/__fixtures__/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { ecmaVersion: 2022, sourceType: 'module' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use a union of string literals.' }],
    },
  },
  {
    files: ['bench/**/*.mjs', 'scripts/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: globals.node },
  },
  {
    files: pureFolders,
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ioModules.map((name) => ({ name, message: 'Pure folders take bytes and values; do I/O in image/sources, store, server or cli.' })),
        patterns: [{ group: ['**/store/**', '**/server/**', '**/cli/**', '**/image/sources/**', '**/queue/**'], message: 'Imports point from I/O folders down to pure ones.' }],
      }],
    },
  },
  {
    files: ['src/model/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../*', '!./*'], message: 'model/ imports nothing else in src/.' }] }],
    },
  },
);
