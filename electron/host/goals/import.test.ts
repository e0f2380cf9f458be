import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import { parseCsvGoals, parseMarkdownGoals, parsePriority } from './import';
import { goalsToCsv } from './export';

describe('parseCsvGoals', () => {
  it('takes the title column and the known columns, ignores the rest and numbers rows like a spreadsheet', () => {
    const csv =
      'Goal,Priority,Owner,Sticky colour\nCheckout works,Must,Ana,yellow\n"Refund, partial",could,Ben,pink\n';
    const p = parseCsvGoals(csv);
    expect(p.accepted).toEqual([
      { line: 2, title: 'Checkout works', priority: 'must', owner: 'Ana', detail: '' },
      { line: 3, title: 'Refund, partial', priority: 'could', owner: 'Ben', detail: '' },
    ]);
    expect(p.rejected).toEqual([]);
    expect(p.ignoredColumns).toEqual(['Sticky colour']);
  });

  it('prefers title over text/goal/content and accepts any of them', () => {
    expect(parseCsvGoals('content,text\nA,B').accepted[0]!.title).toBe('B');
    expect(parseCsvGoals('content\nfrom content').accepted[0]!.title).toBe('from content');
    expect(parseCsvGoals('text,title\nnot me,me').accepted[0]!.title).toBe('me');
  });

  it('rejects bad rows with reasons and keeps the good ones', () => {
    const csv = [
      'title,priority,detail',
      'Good one,must,',
      ',should,no title here',
      'Bad priority,urgent,',
      `${'x'.repeat(301)},could,`,
    ].join('\n');
    const p = parseCsvGoals(csv);
    expect(p.accepted.map((a) => a.title)).toEqual(['Good one']);
    expect(p.rejected).toEqual([
      { line: 3, text: ',should,no title here', reason: 'Goal is required' },
      {
        line: 4,
        text: 'Bad priority,urgent,',
        reason: 'Priority "urgent" is not must, should or could',
      },
      expect.objectContaining({ line: 5, reason: 'Goal must be at most 300 characters' }),
    ]);
  });

  it('handles a BOM, semicolons, CRLF and blank lines', () => {
    const p = parseCsvGoals('\uFEFFtitle;priority\r\nOne;must\r\n\r\nTwo;S\r\n');
    expect(p.accepted.map((a) => [a.title, a.priority])).toEqual([
      ['One', 'must'],
      ['Two', 'should'],
    ]);
  });

  it('takes the delimiter from the header row: comma, semicolon, tab or bar, quotes skipped', () => {
    const titles = (csv: string) => parseCsvGoals(csv).accepted.map((a) => [a.title, a.priority]);
    expect(titles('title\tpriority\nA, b\tmust')).toEqual([['A, b', 'must']]);
    expect(titles('title;"a, b, c"\nA, b;x')).toEqual([['A, b', 'should']]);
    expect(titles('title|priority\nA;b|must')).toEqual([['A;b', 'must']]);
    expect(titles('title\n"Refund, partial"')).toEqual([['Refund, partial', 'should']]);
  });

  it('rejects a row with an unclosed quote', () => {
    const p = parseCsvGoals('title,priority\nfine,must\n"broken,must\n');
    expect(p.accepted.map((a) => a.title)).toEqual(['fine']);
    expect(p.rejected[0]).toMatchObject({ line: 3, reason: 'Unclosed quote' });
  });

  it('refuses a file without a goal column, naming what it found', () => {
    expect(() => parseCsvGoals('name,colour\na,b')).toThrow(
      /No goal column found.*found: name, colour/,
    );
    expect(() => parseCsvGoals('   \n')).toThrow(/empty/);
  });

  it('re-imports its own export, formula cells neutralised', () => {
    const csv = goalsToCsv([
      {
        id: 'x',
        sessionId: 's',
        title: '=HYPERLINK("x")',
        detail: 'd, with comma',
        priority: 'must',
        owner: '',
        votes: [],
        status: 'not-started',
        addedDuringSession: false,
        createdAt: '',
      },
    ]);
    expect(csv.split('\r\n')[0]).toBe('title,priority,owner,detail,votes');
    const back = parseCsvGoals(csv);
    expect(back.accepted[0]).toMatchObject({
      title: `'=HYPERLINK("x")`,
      detail: 'd, with comma',
      priority: 'must',
    });
    expect(back.ignoredColumns).toEqual(['votes']);
  });
});

describe('parseMarkdownGoals', () => {
  it('takes checklist items, with priority from Must/Should/Could headings', () => {
    const md = [
      '# Goals',
      '- [ ] First',
      '## Must have',
      '* [x] Second',
      '1. [ ] Third',
      '## Could',
      '- [ ]   Fourth  ',
      'prose - [ ] not an item',
    ].join('\n');
    const p = parseMarkdownGoals(md);
    expect(p.accepted.map((a) => [a.line, a.title, a.priority])).toEqual([
      [2, 'First', 'should'],
      [4, 'Second', 'must'],
      [5, 'Third', 'must'],
      [7, 'Fourth', 'could'],
    ]);
  });

  it('rejects empty items and refuses a file without any', () => {
    const p = parseMarkdownGoals('- [ ] ok\n- [ ]   \n');
    expect(p.rejected).toEqual([{ line: 2, text: '- [ ]', reason: 'Goal is required' }]);
    expect(() => parseMarkdownGoals('just a paragraph\n- plain bullet')).toThrow(ApiError);
  });
});

describe('goal imports of crafted files', () => {
  // Lines that made the former heading pattern backtrack cubically: 3 KB took seconds, 8 KB
  // more than a minute. Each must now parse, with the right result, like any other file.
  const sizes = { '3 KB': 3_000, '8 KB': 8_000, '2 MB': 2_000_000 - 100 };

  it.each(Object.entries(sizes))('reads a %s heading with a run of spaces inside', (_, n) => {
    for (const heading of [
      `# a${' '.repeat(n)}x`,
      `# a${' '.repeat(n)}\rx`,
      `## Must${'\t '.repeat(n / 2)}#`,
    ]) {
      const p = parseMarkdownGoals(`${heading}\n- [ ] after it`);
      expect(p.accepted.map((a) => a.title)).toEqual(['after it']);
    }
    const must = parseMarkdownGoals(`## Must${' '.repeat(n)}##\n- [ ] after it`);
    expect(must.accepted[0]).toMatchObject({ title: 'after it', priority: 'must' });
  });

  it.each(Object.entries(sizes))('reads a %s checklist item and rejects it by length', (_, n) => {
    const title = `a${' '.repeat(n)}b`;
    const p = parseMarkdownGoals(`${' '.repeat(n)}- [ ] ${title}\n1. [x] ${'9'.repeat(n)}`);
    expect(p.accepted).toEqual([]);
    expect(p.rejected.map((r) => [r.line, r.reason])).toEqual([
      [1, 'Goal must be at most 300 characters'],
      [2, 'Goal must be at most 300 characters'],
    ]);
    expect(p.rejected[0]!.text).toHaveLength(200);
  });

  it('takes a lone CR as a line end, as CommonMark does', () => {
    const p = parseMarkdownGoals('## Could\r- [ ] one\r\n- [ ] two');
    expect(p.accepted.map((a) => [a.line, a.title, a.priority])).toEqual([
      [2, 'one', 'could'],
      [3, 'two', 'could'],
    ]);
  });

  it.each(Object.entries(sizes))('reads a crafted %s CSV', (_, n) => {
    const quoted = parseCsvGoals(`title,priority\n"${'a""'.repeat(n / 3)}",must\nok,could`);
    expect(quoted.accepted.map((a) => a.title)).toEqual(['ok']);
    expect(quoted.rejected[0]).toMatchObject({
      line: 2,
      reason: 'Goal must be at most 300 characters',
    });
    const unclosed = parseCsvGoals(`title\nfine\n"${'"'.repeat(n)}`);
    expect(unclosed.accepted.map((a) => a.title)).toEqual(['fine']);
    expect(unclosed.rejected).toHaveLength(1);
  });
});

describe('parsePriority', () => {
  it.each([
    ['MUST', 'must'],
    ['Should have', 'should'],
    ['could-have', 'could'],
    ['c', 'could'],
    ['', 'should'],
  ])('%s → %s', (raw, expected) => expect(parsePriority(raw)).toBe(expected));
  it('explains an unknown priority', () =>
    expect(parsePriority('p1')).toEqual({ error: 'Priority "p1" is not must, should or could' }));
});
