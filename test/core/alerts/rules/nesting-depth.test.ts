import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MAX_FLOW_DEPTH, MAX_INDENT_COLUMNS, nestingProblem } from '../../../../source/core/alerts/rules/nesting-depth.js';

test('a real rule file, brackets in PromQL included, is within the bounds', () => {
  assert.equal(nestingProblem(readFileSync('test/fixtures/rules/jamjet-docs-alerts.yml', 'utf8')), undefined);
  assert.equal(nestingProblem(`groups: ${'['.repeat(MAX_FLOW_DEPTH)}${']'.repeat(MAX_FLOW_DEPTH)}`), undefined);
});

test('flow collections past the bound are refused at the first bracket too deep; comments do not count', () => {
  const deep = `groups: ${'{a: '.repeat(MAX_FLOW_DEPTH + 1)}1${'}'.repeat(MAX_FLOW_DEPTH + 1)}`;
  assert.deepEqual(nestingProblem(deep), { offset: 8 + 4 * MAX_FLOW_DEPTH, message: `collections nested deeper than ${MAX_FLOW_DEPTH} levels` });
  assert.equal(nestingProblem(`groups: [] # ${'['.repeat(MAX_FLOW_DEPTH + 1)}`), undefined);
  // Closing brackets that were never opened (inside a string) do not buy depth.
  assert.equal(nestingProblem(`a: "${']'.repeat(50)}"\nb: ${'['.repeat(MAX_FLOW_DEPTH)}`), undefined);
});

test('block nesting past the bound (indentation or a compact - - - chain) is refused', () => {
  assert.equal(nestingProblem(`groups:\n${'- '.repeat(MAX_INDENT_COLUMNS + 1)}x`)?.message, `indented deeper than ${MAX_INDENT_COLUMNS} columns`);
  assert.equal(nestingProblem(`a:\n${' '.repeat(MAX_INDENT_COLUMNS)}b: 1`), undefined);
});
