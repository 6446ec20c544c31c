import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { usageError } from '../../source/commands/usage-error.js';

describe('usageError', () => {
  test('accepts every flag as users type it: kebab-case, camelCase, --no-, --flag=value, -h', () => {
    assert.equal(usageError(['top', '--metrics-port', '9100', '--metricsHost=0.0.0.0', '--no-metrics', '--url', '-', '-h']), undefined);
    assert.equal(usageError(['sim', '--drop-every', '3', '--port', '-1']), undefined);
    assert.equal(usageError(['--help']), undefined);
    assert.equal(usageError(['top', '--version']), undefined);
  });

  test('stops looking at --: what follows is input, not flags', () => {
    assert.equal(usageError(['inspect', '--', '--bogus']), undefined);
  });

  test('names an unknown flag and the command whose help to read', () => {
    assert.equal(usageError(['serve', '--log-levle', 'info']), 'jamjet: unknown flag --log-levle, did you mean --log-level? (see jamjet serve --help)');
    assert.equal(usageError(['inspect', '--bogus-flag']), 'jamjet: unknown flag --bogus-flag (see jamjet inspect --help)');
    assert.equal(usageError(['--version', '--bogus']), 'jamjet: unknown flag --bogus (see jamjet --help)');
  });

  test('suggests only flags of the command at hand', () => {
    // --seed is a sim flag; inspect has no flag near it.
    assert.equal(usageError(['inspect', '--seed', '3']), 'jamjet: unknown flag --seed (see jamjet inspect --help)');
    assert.match(usageError(['sim', '--sed', '3']) ?? '', /did you mean --seed\?/);
  });

  test('offers a negated flag for a mistyped negation', () => {
    assert.match(usageError(['serve', '--nometrics']) ?? '', /did you mean --no-metrics\?/);
  });

  test('says a flag needs a value rather than quoting a value that starts with -', () => {
    const message = usageError(['top', '--token', '-s3cret']);
    assert.equal(message, 'jamjet: --token needs a value; write --token=VALUE for one that starts with - (see jamjet top --help)');
  });

  test('shows control characters in a typed flag escaped', () => {
    assert.equal(usageError(['top', '--x\u001b[31m']), 'jamjet: unknown flag --x\\x1b[31m (see jamjet top --help)');
  });

  test('names an unknown command, with the nearest one when close', () => {
    assert.equal(usageError(['stats']), 'jamjet: unknown command stats (see jamjet --help)');
    assert.equal(usageError(['folow', 'x']), 'jamjet: unknown command folow, did you mean follow? (see jamjet --help)');
    assert.equal(usageError(['']), 'jamjet: unknown command "" (see jamjet --help)');
  });

  // Found by the fuzz tests (usage-error-fuzz.test.ts): `---url` passed the check and meow dropped it, URL and all.
  test('a flag with three dashes is unknown, named as typed, with the two-dash flag offered', () => {
    assert.equal(usageError(['serve', '---url', 'ws://h/v1/events']), 'jamjet: unknown flag ---url, did you mean --url? (see jamjet serve --help)');
    assert.equal(usageError(['top', '---no-metrics=1']), 'jamjet: unknown flag ---no-metrics, did you mean --no-metrics? (see jamjet top --help)');
  });
});
