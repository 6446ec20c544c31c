import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { unterminatedStringAt } from '../../../source/core/config/unterminated-string.js';

describe('unterminatedStringAt', () => {
  test('finds the opening quote of a basic or literal string still open at the line break', () => {
    assert.equal(unterminatedStringAt('a = "x\nb = 1\n', 1, 7), 5);
    assert.equal(unterminatedStringAt("x = 1\na = 'x\n", 2, 7), 5);
    assert.equal(unterminatedStringAt('a = "x"\r\nb = "y\r\n', 2, 7), 5);
  });

  test('follows escapes and closed strings along the line', () => {
    assert.equal(unterminatedStringAt('a = ["x\\"y", "z\n', 1, 16), 14);
    assert.equal(unterminatedStringAt('a = "x" # "comment\n', 1, 19), undefined);
  });

  test('says nothing for an error that is not at a line break', () => {
    assert.equal(unterminatedStringAt('a = "x\u0001y\n', 1, 7), undefined);
    assert.equal(unterminatedStringAt('a = "x', 1, 7), undefined);
    assert.equal(unterminatedStringAt('a = "x\n', 3, 1), undefined);
  });

  test('says nothing for a line whose strings are all closed, or a multi-line string', () => {
    assert.equal(unterminatedStringAt('a = "x"\n', 1, 8), undefined);
    assert.equal(unterminatedStringAt('a = """x\n', 1, 9), undefined);
  });
});
