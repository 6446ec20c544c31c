// Lint setup. Its main job is the dependency rule of docs/architecture.md: the headless core never
// imports the view (ink, react, source/view), and the vendor libraries each stay behind one file.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const viewImports = {
  paths: [
    { name: 'ink', message: 'The core is headless: only source/view and source/commands may import ink.' },
    { name: 'react', message: 'The core is headless: only source/view and source/commands may import react.' },
  ],
  patterns: [
    { group: ['**/view/**', '../view/*', '../../view/*'], message: 'The core never imports the view.' },
  ],
};

/** Vendors behind one file each: the files allowed to import them are listed per rule block below. */
const vendorImports = [
  { name: 'prom-client', message: 'Only source/core/metrics/prom-registry.ts imports prom-client.' },
  { name: 'better-sqlite3', message: 'Only source/core/store/sqlite-db.ts imports better-sqlite3.' },
];
const otelPattern = { group: ['@opentelemetry/*'], message: 'Only source/core/telemetry/otel-exporter.ts imports the OTel SDK.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    files: ['source/**/*.ts', 'source/**/*.tsx'],
    ignores: [
      'source/core/metrics/prom-registry.ts',
      'source/core/store/sqlite-db.ts',
      'source/core/telemetry/otel-exporter.ts',
    ],
    rules: {
      'no-restricted-imports': ['error', { paths: vendorImports, patterns: [otelPattern] }],
    },
  },
  {
    files: ['source/core/**/*.ts'],
    ignores: [
      'source/core/metrics/prom-registry.ts',
      'source/core/store/sqlite-db.ts',
      'source/core/telemetry/otel-exporter.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [...viewImports.paths, ...vendorImports], patterns: [...viewImports.patterns, otelPattern] },
      ],
    },
  },
  {
    // The view never does I/O: no sources, store or server from inside a pane.
    files: ['source/view/**/*.ts', 'source/view/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...vendorImports,
            { name: 'node:fs', message: 'The view never does I/O.' },
            { name: 'node:http', message: 'The view never does I/O.' },
            { name: 'ws', message: 'The view never does I/O.' },
          ],
          patterns: [
            { group: ['**/core/sources/**', '**/core/store/**', '**/core/server/**'], message: 'The view reads snapshots; it never touches sources, store or server.' },
          ],
        },
      ],
    },
  },
);
