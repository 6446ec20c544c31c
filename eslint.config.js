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

/**
 * Vendors behind one file each. Every file gets every vendor's restriction except the one vendor file
 * that owns it, which is exempt from that restriction alone (never from the core's no-view rule).
 */
const vendors = [
  { file: 'source/core/metrics/prom-registry.ts', paths: [{ name: 'prom-client', message: 'Only source/core/metrics/prom-registry.ts imports prom-client.' }], patterns: [] },
  { file: 'source/core/store/sqlite-db.ts', paths: [{ name: 'better-sqlite3', message: 'Only source/core/store/sqlite-db.ts imports better-sqlite3.' }], patterns: [] },
  { file: 'source/core/telemetry/pino-logger.ts', paths: [{ name: 'pino', message: 'Only source/core/telemetry/pino-logger.ts imports pino.' }], patterns: [] },
  { file: 'source/core/server/http-auth.ts', paths: [{ name: 'bcryptjs', message: 'Only source/core/server/http-auth.ts imports bcryptjs.' }], patterns: [] },
  { file: 'source/core/telemetry/otel-exporter.ts', paths: [], patterns: [{ group: ['@opentelemetry/*'], message: 'Only source/core/telemetry/otel-exporter.ts imports the OTel SDK.' }] },
];

/** The vendor restrictions, but for the vendor owned by `ownerFile` (if any). */
function vendorImports(ownerFile) {
  const others = vendors.filter((v) => v.file !== ownerFile);
  return { paths: others.flatMap((v) => v.paths), patterns: others.flatMap((v) => v.patterns) };
}

/** One no-restricted-imports setting from several restriction sets (ESLint keeps only the last setting per file). */
function restrictImports(...sets) {
  return ['error', { paths: sets.flatMap((s) => s.paths), patterns: sets.flatMap((s) => s.patterns) }];
}

/** The view never does I/O: no sources, store or server from inside a pane. */
const viewNoIo = {
  paths: [
    { name: 'node:fs', message: 'The view never does I/O.' },
    { name: 'node:http', message: 'The view never does I/O.' },
    { name: 'ws', message: 'The view never does I/O.' },
  ],
  patterns: [
    {
      regex: '(^|/)core/(?!snapshot/)',
      message: 'The view reads snapshots: from the core it imports only source/core/snapshot/ (the snapshot, its types and the store interface).',
    },
  ],
};

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
  // Later blocks override earlier ones for the files they match, so the order goes from all of source/ to
  // single files. No block lists files in `ignores`: that would exempt them from every rule of the block.
  {
    files: ['source/**/*.ts', 'source/**/*.tsx'],
    rules: { 'no-restricted-imports': restrictImports(vendorImports()) },
  },
  {
    files: ['source/core/**/*.ts', 'source/core/**/*.tsx'],
    rules: { 'no-restricted-imports': restrictImports(viewImports, vendorImports()) },
  },
  ...vendors.map((v) => ({
    files: [v.file],
    rules: { 'no-restricted-imports': restrictImports(viewImports, vendorImports(v.file)) },
  })),
  {
    // The view never does I/O and reads the core only through snapshots: core/snapshot/ is all it may import.
    files: ['source/view/**/*.ts', 'source/view/**/*.tsx'],
    rules: { 'no-restricted-imports': restrictImports(viewNoIo, vendorImports()) },
  },
);
