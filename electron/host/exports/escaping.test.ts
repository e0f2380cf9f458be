/**
 * Outside text in every export stays text, checked with the real consumers: a CommonMark
 * renderer (markdown-it, raw HTML passed through as GitHub and most viewers do) for the
 * Markdown report and issue drafts. Each export of a report whose every text is hostile must
 * have exactly the elements of the same export of its plain twin.
 */
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { HOSTILE_SNIPPETS, hostileReportModels } from '../../../test-support/hostileReport';
import { renderExport } from './index';

const commonMark = new MarkdownIt({ html: true, linkify: false });
const { hostile, plain } = hostileReportModels();

/** Every tag with its attributes, in order: the structure of the page, without its text. */
const tagsOf = (html: string) => [...html.matchAll(/<[^>]*>/g)].map((m) => m[0]);
/** The text a reader sees. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe.each(['md', 'issues'] as const)('%s export of hostile text', (format) => {
  const hostileHtml = commonMark.render(renderExport(format, hostile).content);
  const plainHtml = commonMark.render(renderExport(format, plain).content);

  it('renders with exactly the elements of the plain twin: no script, image, link, list or code made by text', () => {
    expect(tagsOf(plainHtml)).toContain('<br>'); // the twin keeps the line breaks
    expect(tagsOf(hostileHtml)).toEqual(tagsOf(plainHtml));
    expect(hostileHtml).not.toMatch(/<(script|img|a|div|input|pre|del|s)[\s>]/);
  });

  it('shows every hostile snippet as the text it was typed as', () => {
    const text = textOf(hostileHtml);
    for (const snippet of HOSTILE_SNIPPETS) expect(text).toContain(snippet);
  });
});

describe('HTML report of hostile text', () => {
  const names = (html: string) => [...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1]);
  const hostileHtml = renderExport('html', hostile).content;

  it('has exactly the elements of the plain twin, and no handler or link', () => {
    expect(names(hostileHtml)).toEqual(names(renderExport('html', plain).content));
    // Attribute values are quoted and escaped: what is left outside quotes are names.
    const tags = tagsOf(hostileHtml).map((t) => t.replace(/"[^"]*"/g, '""'));
    expect(tags.filter((t) => /^<(script|a|input|iframe)[\s>]|\son[a-z]+=/i.test(t))).toEqual([]);
  });

  it('shows every hostile snippet as text', () => {
    const text = textOf(hostileHtml.replace(/&#39;/g, "'")).replace(/\s+/g, ' ');
    for (const snippet of HOSTILE_SNIPPETS) expect(text).toContain(snippet);
  });
});
