import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { KEYMAP, keyName, keyNames, parseMouse, resolveKey } from '../../source/view/keymap.js';

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
    assert.equal(resolveKey('c', {}), 'cancel');
    assert.notEqual(resolveKey('c', {}), resolveKey('c', { ctrl: true }));
  });
  test('binds every key name at most once', () => {
    const names = KEYMAP.flatMap((b) => b.keys);
    assert.equal(new Set(names).size, names.length);
  });
  test('spells every bound key so that some key event resolves to it', () => {
    const events: [string, Record<string, boolean>][] = [
      ['', { downArrow: true }], ['', { upArrow: true }], ['', { pageDown: true }], ['', { pageUp: true }],
      ['', { home: true }], ['', { end: true }], ['', { return: true }], ['', { escape: true }], ['', { tab: true }],
      ['', { tab: true, shift: true }], [' ', {}],
      ['f', { ctrl: true }], ['b', { ctrl: true }], ['c', { ctrl: true }],
      ...'jkgGpqa?zsfwFycA/+-12345'.split('').map((c): [string, Record<string, boolean>] => [c, {}]),
    ];
    const reachable = new Set(events.map(([input, key]) => keyName(input, key)));
    const mouse = new Set(['wheel ↓', 'wheel ↑', 'click']);
    for (const name of KEYMAP.flatMap((b) => b.keys)) assert.ok(reachable.has(name) || mouse.has(name), name);
  });
  test('splits a burst of printable keys into one key each, and keeps a special key whole', () => {
    assert.deepEqual(keyNames('jjjj', {}), ['j', 'j', 'j', 'j']);
    assert.deepEqual(keyNames('j', {}), ['j']);
    assert.deepEqual(keyNames(' /', {}), ['Space', '/']);
    assert.deepEqual(keyNames('/f\r', {}), ['/', 'f', 'Enter'], 'a query and its Enter in one read');
    assert.deepEqual(keyNames('a\tb\n', {}), ['a', 'Tab', 'b', 'Enter']);
    assert.deepEqual(keyNames('', { downArrow: true }), ['↓']);
    assert.deepEqual(keyNames('', { tab: true, shift: true }), ['Shift-Tab']);
    assert.deepEqual(keyNames('c', { ctrl: true }), ['Ctrl-C']);
  });
  test('reads SGR mouse reports: wheel and left click (0-based row), nothing else', () => {
    assert.deepEqual(parseMouse('[<64;10;5M'), { type: 'wheelUp' });
    assert.deepEqual(parseMouse('\u001b[<65;10;5M'), { type: 'wheelDown' });
    assert.deepEqual(parseMouse('[<0;10;5M'), { type: 'click', column: 9, row: 4 });
    assert.equal(parseMouse('[<0;10;5m'), undefined, 'a release');
    assert.equal(parseMouse('[<2;10;5M'), undefined, 'the right button');
    assert.equal(parseMouse('j'), undefined);
  });
});
