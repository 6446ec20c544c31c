import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { locateKey, scanKeys } from '../../../source/core/config/locate-key.js';

const TEXT = [
  '# comment with [fake] = table', //           1
  'title = "x = y" # not a key',   //           2
  '[telemetry]',                   //           3
  'enabled = true',                //           4
  '[telemetry.otlp]',              //           5
  '  endpoint   =   "http://h:4317"', //        6
  '[ pricing . "gpt-4o" ]',        //           7
  'input_per_mtok = 2.5',          //           8
  "[pricing.'o1 mini']",           //           9
  'output_per_mtok = 1',           //          10
  '[top]',                         //          11
  'retention.max_age = "7d"',      //          12
  'url = [',                       //          13
  '  "ws://a/v1/events", # first', //          14
  '  "ws://b/v1/events",',         //          15
  ']',                             //          16
  'db = """',                      //          17
  'port = 1',                      //          18 (inside a multi-line string)
  '"""',                           //          19
  'inline = { a = 1, b.c = "2" }', //          20
  '"quoted.key" = 3',              //          21
].join('\n');

describe('locateKey', () => {
  test('finds a key in a plain table, at the key and at its value', () => {
    assert.deepEqual(locateKey(TEXT, ['telemetry', 'enabled']), { line: 4, column: 1, valueLine: 4, valueColumn: 11 });
  });

  test('finds a key in a dotted table header, with blanks around it', () => {
    assert.deepEqual(locateKey(TEXT, ['telemetry', 'otlp', 'endpoint']), { line: 6, column: 3, valueLine: 6, valueColumn: 18 });
  });

  test('finds keys under double- and single-quoted table names', () => {
    assert.equal(locateKey(TEXT, ['pricing', 'gpt-4o', 'input_per_mtok'])?.line, 8);
    assert.equal(locateKey(TEXT, ['pricing', 'o1 mini', 'output_per_mtok'])?.line, 10);
  });

  test('finds a table header itself at its opening bracket', () => {
    assert.deepEqual(locateKey(TEXT, ['pricing', 'gpt-4o']), { line: 7, column: 1 });
  });

  test('finds an inline dotted key, and the table it implies at its first key', () => {
    assert.deepEqual(locateKey(TEXT, ['top', 'retention', 'max_age']), { line: 12, column: 1, valueLine: 12, valueColumn: 21 });
    assert.equal(locateKey(TEXT, ['top', 'retention'])?.line, 12);
  });

  test('finds the elements of a multi-line array by index', () => {
    assert.deepEqual(locateKey(TEXT, ['top', 'url', 1]), { line: 15, column: 3, valueLine: 15, valueColumn: 3 });
    assert.equal(locateKey(TEXT, ['top', 'url', '0'])?.line, 14);
  });

  test('finds keys inside an inline table', () => {
    assert.deepEqual(locateKey(TEXT, ['top', 'inline', 'b', 'c']), { line: 20, column: 19, valueLine: 20, valueColumn: 25 });
  });

  test('finds a quoted key containing a dot as one key', () => {
    assert.equal(locateKey(TEXT, ['top', 'quoted.key'])?.line, 21);
  });

  test('does not mistake comments, string contents or multi-line strings for keys', () => {
    const paths = scanKeys(TEXT).map((k) => k.path.join('.'));
    assert.ok(!paths.includes('fake'));
    assert.ok(!paths.includes('top.port'));
    assert.equal(locateKey(TEXT, ['y']), undefined);
  });

  test('answers undefined for a key that is not written', () => {
    assert.equal(locateKey(TEXT, ['top', 'colour']), undefined);
  });

  test('handles CRLF line endings', () => {
    assert.deepEqual(locateKey('[a]\r\nb = 1\r\n', ['a', 'b']), { line: 2, column: 1, valueLine: 2, valueColumn: 5 });
  });

  test('keeps going past lines it cannot read', () => {
    assert.equal(locateKey('= broken\n[t]\n???\nk = 1\n', ['t', 'k'])?.line, 4);
  });
});
