/**
 * The realistic report model with every outside text made hostile — stage labels and keys, flag
 * key, tenant, release, goal titles and reasons, finding fields, names, notes, conditions,
 * rationale, labels, evidence, samples, ids — and its plain twin: the same text with every
 * character Markdown or HTML could act on replaced by `x`, the line breaks kept. An export of
 * the two must have the same elements; only the text may differ.
 */
import { AUDIT_EVENT_TYPES } from '../shared/domain/audit';
import { FINDING_TYPES } from '../shared/domain/debrief';
import { NOTE_TYPES } from '../shared/domain/notes';
import type { ReportModel } from '../shared/domain/record';
import { fixtureModel } from './reportFixture';

/** What an attacker would type: markup, script, links, images, entities and block starts. */
export const HOSTILE_SNIPPETS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '[x](javascript:alert(3))',
  '![i](https://evil.example/i.png)',
  '<https://evil.example/auto>',
  '&lt;b&gt;',
  '&#60;i&#62;',
  '`tick`',
  '``two``',
  '| pipe |',
  '*em* **strong** _u_ ~~del~~',
  '[ref]: javascript:alert(4)',
  '<div onclick=alert(5)>div</div>',
] as const;

const PAYLOAD = [
  HOSTILE_SNIPPETS.join(' '),
  '# heading',
  '> quote',
  '- item',
  '+ item',
  '* item',
  '1. one',
  '2) two',
  '    indented code',
  '```fence',
  '~~~',
  '===',
  '---',
  '| a | b |',
  '|---|---|',
  '[ ] task',
  'hard break  ',
  '[ref]',
].join('\n');

/** Each value starts with something else that opens a block when it starts a line. */
const STARTS = ['- ', '1. ', '> ', '# ', '+ ', '    ', '=== ', '[ ] ', '| ', '``` ', '<b>', '---'];

/** Values the renderers look things up by (severities, types, results…): kept as they are. */
const ENUM_KEYS = new Set([
  '$schema',
  'schemaVersion',
  'severity',
  'status',
  'result',
  'verdict',
  'action',
  'priority',
  'outcome',
]);
/** Times are the host's own, never typed. */
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/;
const TYPES = new Set<string>([...FINDING_TYPES, ...NOTE_TYPES, ...AUDIT_EVENT_TYPES]);

function walk(value: unknown, key: string | null, text: (s: string) => string): unknown {
  if (typeof value === 'string') {
    if (value === '' || (key !== null && ENUM_KEYS.has(key)) || ISO_TIME.test(value)) return value;
    if (key === 'type' && TYPES.has(value)) return value;
    return text(value);
  }
  if (Array.isArray(value)) return value.map((v) => walk(v, null, text));
  if (value && typeof value === 'object') {
    const out: { [k: string]: unknown } = {};
    // Redaction kinds and note types are keys whose names the report prints.
    const named = key === 'redactions' || key === 'notesByType';
    for (const [k, v] of Object.entries(value)) out[named ? text(k) : k] = walk(v, k, text);
    return out;
  }
  return value;
}

/** The same text always gets the same hostile form, so keys that must match still match. */
function hostileText(): (s: string) => string {
  const seen = new Map<string, string>();
  return (s) => {
    let out = seen.get(s);
    if (out === undefined) {
      out = `${STARTS[seen.size % STARTS.length]}${s}\r\n${PAYLOAD}\r${s}`;
      seen.set(s, out);
    }
    return out;
  };
}

/** The twin: letters, digits and line breaks kept; other white space one space; the rest `x`. */
export const plainOf = (hostile: string) =>
  hostile
    .replace(/\r\n?/g, '\n')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/[^A-Za-z0-9\s]/g, 'x');

function build(text: (s: string) => string): ReportModel {
  return {
    record: walk(fixtureModel.record, null, text) as ReportModel['record'],
    screenshots: fixtureModel.screenshots,
    audit: walk(fixtureModel.audit, null, text) as ReportModel['audit'],
  };
}

export function hostileReportModels(): { hostile: ReportModel; plain: ReportModel } {
  const hostile = hostileText();
  return { hostile: build(hostile), plain: build((s) => plainOf(hostile(s))) };
}
