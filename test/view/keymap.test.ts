import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { KEYMAP, keyName, resolveKey } from '../../source/view/keymap.js';

describe('keymap', () => {
  test('maps letters, arrows and named keys to actions', () => {
    assert.equal(resolveKey('j', {}), 'down');
    assert.equal(resolveKey('', { downArrow: true }), 'down');
    assert.equal(resolveKey('k', {}), 'up');
    assert.equal(resolveKey('', { upArrow: true }), 'up');
    assert.equal(resolveKey('', { return: true }), 'open');
    assert.equal(resolveKey('', { escape: true }), 'back');
    assert.equal(resolveKey('', { tab: true }), 'nextPane');
    assert.equal(resolveKey('g', {}), 'top');
    assert.equal(resolveKey('G', { shift: true }), 'bottom');
    assert.equal(resolveKey('p', {}), 'pause');
    assert.equal(resolveKey('a', {}), 'alerts');
    assert.equal(resolveKey('?', {}), 'help');
    assert.equal(resolveKey('q', {}), 'quit');
    assert.equal(resolveKey('c', { ctrl: true }), 'quit');
  });
  test('ignores unbound keys, and a plain c is not Ctrl-C', () => {
    assert.equal(resolveKey('x', {}), undefined);
    assert.equal(resolveKey('c', {}), undefined);
  });
  test('binds every key name at most once', () => {
    const names = KEYMAP.flatMap((b) => b.keys);
    assert.equal(new Set(names).size, names.length);
  });
  test('spells every bound key so that some key event resolves to it', () => {
    const events: [string, Record<string, boolean>][] = [
      ['', { downArrow: true }], ['', { upArrow: true }], ['', { pageDown: true }], ['', { pageUp: true }],
      ['', { home: true }], ['', { end: true }], ['', { return: true }], ['', { escape: true }], ['', { tab: true }],
      ['f', { ctrl: true }], ['b', { ctrl: true }], ['c', { ctrl: true }],
      ...'jkgGpqa?'.split('').map((c): [string, Record<string, boolean>] => [c, {}]),
    ];
    const reachable = new Set(events.map(([input, key]) => keyName(input, key)));
    for (const name of KEYMAP.flatMap((b) => b.keys)) assert.ok(reachable.has(name), name);
  });
});
