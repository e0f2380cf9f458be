import { describe, expect, it } from 'vitest';
import { runActionFor } from './runShortcuts';

/** A stand-in for a DOM element (tests run in Node): its tag, and whether it sits in editable text. */
const fake = (tag: string, editable = false) =>
  ({
    isContentEditable: editable,
    closest: (selector: string) => (selector.split(',').some((s) => s.trim() === tag) ? {} : null),
  }) as unknown as EventTarget;
const targets: Record<string, EventTarget> = {
  i: fake('input'),
  t: fake('textarea'),
  s: fake('select'),
  e: fake('div', true),
  in: fake('b', true),
  b: fake('button'),
};
const el = (id: string) => targets[id]!;
const press = (key: string, target: EventTarget | null = el('b'), mods = {}) =>
  runActionFor({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    repeat: false,
    defaultPrevented: false,
    target,
    ...mods,
  });

describe('runActionFor', () => {
  it('maps single keys to Run actions, in either case', () => {
    expect(press('r')).toBe('rotate');
    expect(press('R')).toBe('rotate');
    expect(press('p')).toBe('pause');
    expect(press('f')).toBe('present');
    expect(press('g')).toBe('goals');
    expect(press('?')).toBe('help');
    expect(press('/')).toBe('search');
    expect(press('x')).toBeNull();
    expect(press('Enter')).toBeNull();
  });

  it('never fires while typing in an input, a textarea, a select or editable text', () => {
    for (const id of ['i', 't', 's', 'e', 'in']) expect(press('r', el(id))).toBeNull();
  });

  it('leaves modified, repeated and already handled keys alone', () => {
    expect(press('r', el('b'), { ctrlKey: true })).toBeNull();
    expect(press('r', el('b'), { metaKey: true })).toBeNull();
    expect(press('r', el('b'), { altKey: true })).toBeNull();
    expect(press('r', el('b'), { repeat: true })).toBeNull();
    expect(press('r', el('b'), { defaultPrevented: true })).toBeNull();
  });
});
