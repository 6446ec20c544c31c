import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ActiveList, type ActiveLinks } from '../../../source/core/model/active-list.js';

interface Item extends ActiveLinks<Item> { readonly name: string }
const item = (name: string): Item => ({ name, activePrev: undefined, activeNext: undefined });
const names = (list: ActiveList<Item>): string[] => list.toArray().map((i) => i.name);

describe('ActiveList', () => {
  test('keeps items least recently touched first; touching moves an item to the end', () => {
    const list = new ActiveList<Item>();
    const [a, b, c] = [item('a'), item('b'), item('c')] as [Item, Item, Item];
    for (const i of [a, b, c]) list.touch(i);
    list.touch(a);
    list.touch(a);
    list.touch(b);
    assert.deepEqual(names(list), ['c', 'a', 'b']);
    assert.equal(list.first(), c);
    assert.equal(list.size, 3);
  });

  test('removes from the front, middle and end, and ignores items not in it', () => {
    const list = new ActiveList<Item>();
    const items = ['a', 'b', 'c', 'd'].map(item);
    for (const i of items) list.touch(i);
    list.remove(items[1]!);
    list.remove(items[0]!);
    list.remove(items[3]!);
    list.remove(items[3]!);
    list.remove(item('x'));
    assert.deepEqual(names(list), ['c']);
    assert.equal(list.has(items[0]!), false);
    list.remove(items[2]!);
    assert.deepEqual([names(list), list.size, list.first()], [[], 0, undefined]);
    list.touch(items[0]!);
    assert.deepEqual(names(list), ['a']);
  });
});
