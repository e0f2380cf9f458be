/**
 * A tagged template for HTML that escapes every interpolated value unless it is markup this
 * module made: text from notes, logs and findings can only ever end up as text.
 */
const MARKUP = Symbol('markup');
export type Markup = { readonly [MARKUP]: string };

const ESCAPES: { [c: string]: string } = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

type Value = Markup | string | number | null | undefined | false | readonly Value[];

const isMarkup = (v: unknown): v is Markup =>
  typeof v === 'object' && v !== null && MARKUP in (v as object);

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (Array.isArray(v)) return v.map(render).join('');
  if (isMarkup(v)) return v[MARKUP];
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Markup {
  let out = strings[0]!;
  values.forEach((v, i) => (out += render(v) + strings[i + 1]!));
  return { [MARKUP]: out };
}

/** Markup built here from constants (the style sheet); never for outside text. */
export const trusted = (s: string): Markup => ({ [MARKUP]: s });

export const toString = (m: Markup) => m[MARKUP];

/** Text with its line breaks (LF, CRLF or a lone CR, as typed on any system) kept, as paragraphs. */
export const paragraphs = (text: string): Markup =>
  html`${text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .filter((p) => p.trim())
    .map(
      (p) =>
        html`<p>
          ${p.split('\n').map((line, i) => (i === 0 ? html`${line}` : html`<br />${line}`))}
        </p>`,
    )}`;

/** Outside text as paragraphs, or a muted line when there is none. */
export const textOr = (text: string, none: string): Markup =>
  text.trim() ? paragraphs(text) : html`<p class="empty">${none}</p>`;
