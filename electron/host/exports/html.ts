/**
 * The report as one HTML file: inline style, screenshots as data: URIs, charts as inline SVG,
 * no script and a policy that lets nothing load from anywhere. Opens offline and prints.
 */
import type { DecisionRecordV1, ReportModel } from '../../../shared/domain/record';
import { scoreSummary } from '../../../shared/decision/summary';
import {
  actionPhrase,
  describeScope,
  type ExportFile,
  filename,
  outcomeLabel,
  PRIORITY_LABELS,
  reach,
  RESULT_LABELS,
  round,
  scoreThresholds,
  stageLabel,
  thresholdsOf,
  VERDICT_LABELS,
  when,
} from './common';
import { auditHtml } from './auditSection';
import { debrief, finding, gapsAndRedactions, metrics } from './htmlEvidence';
import { html, type Markup, textOr, toString, trusted } from './htmlKit';
import { REPORT_CSS } from './htmlStyle';

type R = DecisionRecordV1;
const CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";
function scope(r: R): Markup {
  const s = r.session;
  return html`<h2 class="keep">Scope</h2>
    <dl class="facts">
      <dt>Flag</dt>
      <dd><code>${r.flag.key}</code> (${r.flag.provider})</dd>
      <dt>Tenant</dt>
      <dd><code>${r.scope.tenantKey}</code> = <code>${r.scope.tenantValue}</code></dd>
      <dt>Environment</dt>
      <dd>${r.scope.environment}</dd>
      <dt>Release</dt>
      <dd>${r.scope.release}</dd>
      <dt>Feature</dt>
      <dd>${s.feature}</dd>
      <dt>Session</dt>
      <dd>${when(s.start)} to ${when(s.end)}</dd>
      <dt>Participants</dt>
      <dd>
        ${s.participants.map((p, i) => html`${i ? ', ' : ''}${p.name}${p.function ? ` (${p.function})` : ''}`)}${s.pseudonymised ? ' — pseudonymised' : ''}
      </dd>
    </dl>
    <h3>Charter</h3>
    ${textOr(s.charter, 'No charter.')}
    <h3>Stages</h3>
    <table>
      <thead>
        <tr>
          <th>Stage</th>
          <th>Reaches</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${r.stages.map(
          (st) =>
            html`<tr>
              <td>${st.label} <span class="mono">(${st.key})</span></td>
              <td>${reach(r, st.percent)}</td>
              <td>
                ${st.key === r.flag.currentStage ? 'Current' : ''}${st.key === r.flag.proposedStage ? 'Proposed' : ''}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

function decision(r: R): Markup {
  const d = r.decision;
  if (!d)
    return html`<h2 class="keep">Decision</h2>
      <div class="callout draft">
        <strong>Draft: not signed yet.</strong> No decision has been signed for this session.
      </div>`;
  return html`<h2 class="keep">Decision</h2>
    <div class="callout">
      <strong>${actionPhrase(r, d.action, d.toStage)}</strong> — signed by ${d.approver.name} on
      ${when(d.signedAt)}${d.version > 1 ? `, version ${d.version}` : ''}${d.amends ? html`, amending <code>${d.amends}</code>` : ''}
    </div>
    ${d.disagreesWithRecommendation ? html`<div class="callout disagree"><strong>This decision differs from the recommendation</strong> (${actionPhrase(r, r.recommendation.action, r.recommendation.toStage)}).</div>` : null}
    <h3>Rationale</h3>
    ${textOr(d.rationale, 'No rationale given.')}
    <h3>Conditions</h3>
    ${
      d.conditions.length
        ? html`<ul>
            ${d.conditions.map((c) => html`<li>${c}</li>`)}
          </ul>`
        : html`<p class="empty">No conditions.</p>`
    }`;
}

function recommendation(r: R): Markup {
  const rec = r.recommendation;
  return html`<h2>Recommendation</h2>
    <p>
      <strong>${actionPhrase(r, rec.action, rec.toStage)}</strong> · ${scoreSummary(rec)}
      <span class="badge ${rec.verdict}">${VERDICT_LABELS[rec.verdict]}</span>
      <span class="threshold">(${scoreThresholds(rec.thresholds)})</span>
    </p>
    <table>
      <thead>
        <tr>
          <th>Check</th>
          <th>Result</th>
          <th>Detail and evidence</th>
          <th>Threshold</th>
        </tr>
      </thead>
      <tbody>
        ${rec.checks.map(
          (c) =>
            html`<tr>
              <td>${c.label}${c.critical ? html` <span class="badge">Critical</span>` : null}</td>
              <td><span class="badge ${c.result}">${RESULT_LABELS[c.result]}</span></td>
              <td>
                ${c.detail}${
                  c.evidence.length
                    ? html`<ul>
                        ${c.evidence.map((e) => html`<li>${e.label}</li>`)}
                      </ul>`
                    : null
                }
              </td>
              <td class="threshold">${thresholdsOf(c, rec.thresholds)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      rec.reasons.length
        ? html`<h3>Reasons</h3>
            <ul>
              ${rec.reasons.map((x) => html`<li>${x}</li>`)}
            </ul>`
        : null
    }`;
}

function goals(r: R): Markup {
  return html`<h2>Goals</h2>
    ${
      r.goals.length
        ? html`<table>
            <thead>
              <tr>
                <th>Goal</th>
                <th>Priority</th>
                <th>Outcome</th>
                <th>Reason</th>
                <th>Minutes</th>
              </tr>
            </thead>
            <tbody>
              ${r.goals.map(
                (g) =>
                  html`<tr class="${g.priority === 'must' ? 'must' : ''}">
                    <td>${g.title}</td>
                    <td>
                      ${g.priority === 'must' ? html`<span class="badge">Must</span>` : PRIORITY_LABELS[g.priority]}
                    </td>
                    <td>${outcomeLabel(g.outcome)}</td>
                    <td>${g.reason}</td>
                    <td>${round(g.minutes, 1)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p class="empty">No goals.</p>`
    }`;
}

export function renderHtml(model: ReportModel): ExportFile {
  const r = model.record;
  const title = `Decision record: ${r.session.title}`;
  const doc = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="${trusted(CSP)}" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title}</title>
        <style>
          ${trusted(REPORT_CSS)}
        </style>
      </head>
      <body>
        <main>
          <h1>${title}</h1>
          <p class="sub">
            ${describeScope(r)} · ${r.status === 'signed' ? 'Signed' : 'Draft'} record
            <code>${r.recordId}</code> · ${when(r.createdAt)}
          </p>
          ${scope(r)}${decision(r)}${recommendation(r)}${goals(r)}
          <h2>Findings</h2>
          ${r.findings.length ? r.findings.map((f) => finding(model, f)) : html`<p class="empty">No findings.</p>`}
          ${debrief(r)}${metrics(r)}${gapsAndRedactions(r)}${auditHtml(model.audit)}
          <p class="sub">
            Made by Ensemble from ${r.schemaVersion}. Current stage:
            ${stageLabel(r, r.flag.currentStage)}.
          </p>
        </main>
      </body>
    </html> `;
  return { filename: filename(r, 'report.html'), mime: 'text/html', content: toString(doc) };
}
