import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { block, code, inline, lines, mdt, table, toMarkdown } from './md';

const render = (md: string) => new MarkdownIt({ html: true }).renderInline(md);

describe('Markdown kit', () => {
  it('escapes every interpolated string and keeps what the kit made', () => {
    const name = '<img src=x onerror=alert(1)> *x*';
    expect(toMarkdown(mdt`**${name}** ${code('a|b')}`)).toBe(
      '**\\<img src=x onerror=alert(1)\\> \\*x\\*** `a|b`',
    );
  });

  it('keeps inline code closed whatever backticks it holds', () => {
    for (const value of ['a`` <img src=x onerror=alert(1)> ``', '`', '``x', ' x ', '`a`']) {
      const html = render(toMarkdown(code(value)));
      expect(html).toMatch(/^<code>[^<]*<\/code>$/);
      expect(html.slice(6, -7).replace(/&lt;/g, '<').replace(/&gt;/g, '>')).toBe(value);
    }
  });

  it('refuses a table cell that would split the row', () => {
    expect(() => table(['a'], [[code('x|y')]])).toThrow(/bare \|/);
    expect(() => table(['a'], [[lines('x', 'y')]])).toThrow(/one line/);
    expect(toMarkdown(table(['a'], [['x|y\r\nz']]))).toBe('| a |\n| --- |\n| x\\|y z |');
  });

  it('reads megabytes of white space and markers in one pass', () => {
    const n = 2_000_000;
    expect(inline(`a${' '.repeat(n)}\nb`)).toBe('a b');
    expect(inline(`a${' '.repeat(n)}b`)).toHaveLength(n + 2);
    expect(toMarkdown(block(`a${'\n '.repeat(n / 2)}\n- b`, 'none'))).toBe('a\n\n\\- b');
    expect(inline('-'.repeat(n) + 'x')).toHaveLength(n + 1);
    expect(toMarkdown(code('`'.repeat(n / 2)))).toHaveLength(3 * (n / 2) + 2 + 2);
  });
});
