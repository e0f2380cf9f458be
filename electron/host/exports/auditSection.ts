/** The reports' audit trail section, in Markdown and in HTML, saying the same things. */
import type { AuditTrail } from '../../../shared/domain/audit';
import { plural, whenExact } from './common';
import { html, type Markup } from './htmlKit';
import { lines, mdt, type Md, table } from './md';

/** What the audit trail is, in a sentence or two above it. */
function intro(audit: AuditTrail): string {
  const listed = audit.omitted
    ? ` The log has ${audit.entries.length + audit.omitted.count} such entries: the first ${audit.omitted.after} and the last ${audit.entries.length - audit.omitted.after} are listed.`
    : '';
  return `Who started, paused and ended the session, rotated, overrode the pre-flight, issued or revoked personal links, admitted people and signed, from the session’s log as of ${whenExact(audit.asOf)}. It is not part of the signed record.${listed}`;
}

/** The line that stands where entries were left out. */
const omitted = (o: NonNullable<AuditTrail['omitted']>) =>
  `${plural(o.count, 'entry', 'entries')} left out, from ${whenExact(o.from)} to ${whenExact(o.to)}`;

const NOTHING = 'Nothing recorded yet.';

export function auditMarkdown(audit: AuditTrail): Md {
  const rows: Array<Array<Md | string>> = audit.entries.map((e) => [
    whenExact(e.at),
    e.who,
    e.what,
  ]);
  if (audit.omitted)
    rows.splice(audit.omitted.after, 0, ['…', '', mdt`_${omitted(audit.omitted)}_`]);
  return lines(
    mdt`## Audit trail`,
    '',
    intro(audit),
    '',
    rows.length ? table(['Time', 'Who', 'What'], rows) : mdt`_${NOTHING}_`,
  );
}

export function auditHtml(audit: AuditTrail): Markup {
  const rows = audit.entries.map(
    (e) =>
      html`<tr>
        <td class="mono">${whenExact(e.at)}</td>
        <td>${e.who}</td>
        <td>${e.what}</td>
      </tr>`,
  );
  if (audit.omitted)
    rows.splice(
      audit.omitted.after,
      0,
      html`<tr class="omitted">
        <td>…</td>
        <td></td>
        <td><em>${omitted(audit.omitted)}</em></td>
      </tr>`,
    );
  return html`<h2>Audit trail</h2>
    <p>${intro(audit)}</p>
    ${
      rows.length
        ? html`<table class="audit">
            <thead>
              <tr>
                <th>Time</th>
                <th>Who</th>
                <th>What</th>
              </tr>
            </thead>
            <tbody>
              ${rows}
            </tbody>
          </table>`
        : html`<p class="empty">${NOTHING}</p>`
    }`;
}
