/** The evidence half of the HTML report: findings, debrief, metrics, feed gaps and redactions. */
import { errorShareText } from '../../../shared/decision/control';
import { DEBRIEF_LABELS, type DebriefText } from '../../../shared/domain/debrief';
import { NOTE_TYPE_INFO, type NoteType } from '../../../shared/domain/notes';
import type { DecisionRecordV1, RecordFinding, ReportModel } from '../../../shared/domain/record';
import { barChart, errorRateChart } from './charts';
import {
  FINDING_STATUS_LABELS,
  plural,
  round,
  sessionEvents,
  SEVERITY_LABELS,
  when,
} from './common';
import { html, type Markup, textOr } from './htmlKit';

type R = DecisionRecordV1;
const IMAGE_MIME = /^image\/(png|jpeg|webp|gif)$/;
const BASE64 = /^[A-Za-z0-9+/]+=*$/;

function screenshot(model: ReportModel, hash: string, summary: string): Markup {
  const img = model.screenshots[hash];
  if (!img || !IMAGE_MIME.test(img.mime) || !BASE64.test(img.base64))
    return html`<li>
      Screenshot <code>${hash.slice(0, 12)}</code>: ${summary} (image not included)
    </li>`;
  return html`<li>
    <figure>
      <img src="data:${img.mime};base64,${img.base64}" alt="${summary}" />
      <figcaption>${summary}</figcaption>
    </figure>
  </li>`;
}

export function finding(model: ReportModel, f: RecordFinding): Markup {
  const e = f.evidence;
  const any =
    e.errorGroups.length +
    e.events.length +
    e.traceIds.length +
    e.logQueries.length +
    e.screenshots.length;
  return html`<article class="finding" aria-label="${f.ref} ${f.title}">
    <h3>${f.ref} ${f.title}</h3>
    <p>
      <span class="badge ${f.severity === 'blocker' ? 'fail' : ''}"
        >${SEVERITY_LABELS[f.severity]}</span
      >
      <span class="badge">${f.type}</span>
      <span class="badge">${FINDING_STATUS_LABELS[f.status]}</span>
      ${f.owner ? html` Owner: ${f.owner.name}.` : null}${f.goal ? html` Goal: ${f.goal.title}.` : null}
    </p>
    ${textOr(f.description, 'No description.')}
    ${
      f.notes.length
        ? html`<h4>Notes</h4>
            <ul>
              ${f.notes.map((n) => html`<li>${NOTE_TYPE_INFO[n.type].label}, ${when(n.at)}${n.author ? `, ${n.author}` : ''}: ${n.text}</li>`)}
            </ul>`
        : null
    }
    ${
      any
        ? html`<h4>Evidence</h4>
            <ul>
              ${e.errorGroups.map((g) => html`<li>Error group <code>${g.groupKey}</code>: ${g.summary}</li>`)}
              ${e.events.map((ev) => html`<li>Event <code>${ev.id}</code>${ev.time ? ` at ${when(ev.time)}` : ''}: ${ev.summary}${ev.traceId ? html` (trace <code>${ev.traceId}</code>)` : null}</li>`)}
              ${e.traceIds.map((t) => html`<li>Trace <code>${t}</code></li>`)}
              ${e.logQueries.map((q) => html`<li>Log query <code>${q.query}</code> from ${when(q.from)} to ${when(q.to)}</li>`)}
              ${e.screenshots.map((s) => screenshot(model, s.hash, s.summary))}
            </ul>`
        : null
    }
  </article>`;
}

export function debrief(r: R): Markup {
  const keys = Object.keys(DEBRIEF_LABELS) as Array<keyof DebriefText>;
  return html`<h2>Debrief</h2>
    ${keys.map(
      (k) =>
        html`<h3>${DEBRIEF_LABELS[k]}</h3>
          ${textOr(r.debrief[k], 'Nothing written.')}`,
    )}`;
}

export function metrics(r: R): Markup {
  const m = r.metrics;
  const e = m.errors;
  const typeLabel = (t: string) => NOTE_TYPE_INFO[t as NoteType]?.label ?? t;
  return html`<h2>Metrics</h2>
    <dl class="facts">
      <dt>Duration</dt>
      <dd>
        ${round(m.durationMinutes, 1)} min, ${plural(m.rotations, 'rotation')},
        ${plural(m.breaks, 'break')}
      </dd>
      <dt>Errors</dt>
      <dd>
        ${e.session} in the session (${round(e.sessionPerMinute)}/min); ${e.baseline} in the
        ${round(e.baselineMinutes, 1)} min before (${round(e.baselinePerMinute)}/min)
      </dd>
      <dt>Without the flag</dt>
      <dd>
        ${
          e.control
            ? `the other tenants, same minutes: ${e.control.errors} errors in ${e.control.events} events (${errorShareText(e.control.errors, e.control.events)}); with it: ${errorShareText(e.session, sessionEvents(e))}`
            : 'no events of other tenants were counted'
        }
      </dd>
    </dl>
    <figure>
      ${errorRateChart('chart-rate', e)}
      <figcaption>
        Grey bars: the baseline before the session. Red line: the session start. Dashed line: the
        baseline’s rate.
      </figcaption>
    </figure>
    <div class="charts">
      <figure>
        ${barChart(
          'chart-goals',
          'Time per goal',
          r.goals.map((g) => ({ label: g.title, value: g.minutes })),
          'min',
        )}
        <figcaption>Time per goal</figcaption>
      </figure>
      <figure>
        ${barChart(
          'chart-types',
          'Notes by type',
          Object.entries(m.notesByType).map(([t, n]) => ({ label: typeLabel(t), value: n })),
          '',
        )}
        <figcaption>Notes by type</figcaption>
      </figure>
      <figure>
        ${barChart(
          'chart-people',
          'Notes by person',
          m.notesByPerson.map((p) => ({ label: p.name, value: p.count })),
          '',
        )}
        <figcaption>Notes by person</figcaption>
      </figure>
    </div>
    <h3>New error groups</h3>
    ${
      e.newGroups.length
        ? html`<table>
            <thead>
              <tr>
                <th>Group</th>
                <th>Type</th>
                <th>Sample</th>
                <th>Events</th>
                <th>Without the flag</th>
                <th>First seen</th>
              </tr>
            </thead>
            <tbody>
              ${e.newGroups.map(
                (g) =>
                  html`<tr>
                    <td><code>${g.groupKey}</code></td>
                    <td>${g.type}</td>
                    <td>${g.sample}</td>
                    <td>${g.count}</td>
                    <td>${g.control}</td>
                    <td>${when(g.firstSeen)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p class="empty">No new error groups.</p>`
    }`;
}

export function gapsAndRedactions(r: R): Markup {
  const gaps = r.metrics.gaps;
  const counts = Object.entries(r.redactions).filter(([, n]) => n > 0);
  return html`<h2>Feed gaps</h2>
    ${
      gaps.length
        ? html`<table>
            <thead>
              <tr>
                <th>Source</th>
                <th>From</th>
                <th>To</th>
                <th>Reason</th>
                <th>Fetched again</th>
              </tr>
            </thead>
            <tbody>
              ${gaps.map(
                (g) =>
                  html`<tr>
                    <td>${g.source}</td>
                    <td>${when(g.from)}</td>
                    <td>${g.to ? when(g.to) : 'Still failing'}</td>
                    <td>${g.reason}</td>
                    <td>${g.backfilled ? 'Yes' : 'No'}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p class="empty">No gaps in the feeds.</p>`
    }
    <h2 class="keep">Redactions</h2>
    ${
      counts.length
        ? html`<p>Values taken out of the feeds before they were stored:</p>
            <table>
              <thead>
                <tr>
                  <th>Kind</th>
                  <th>Values</th>
                </tr>
              </thead>
              <tbody>
                ${counts.map(
                  ([k, n]) =>
                    html`<tr>
                      <td>${k}</td>
                      <td>${n}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
        : html`<p class="empty">Nothing was redacted from the feeds.</p>`
    }`;
}
