/** Charts as inline SVG: no script, no fonts or images to fetch, and they print as drawn. */
import type { DecisionRecordV1 } from '../../../shared/domain/record';
import { round } from './common';
import { html, type Markup } from './htmlKit';

const WIDTH = 640;
/** Bar charts sit two to a row: drawn at about the size they show, their text stays legible. */
const BAR_W = 460;
const LABEL_W = 190;
const ROW_H = 24;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** An SVG drawn at its own size, named by its title and described for screen readers. */
function svgChart(
  id: string,
  size: { width: number; height: number },
  text: { title: string; desc: string },
  body: Markup | Markup[],
): Markup {
  const { width, height } = size;
  return html`<svg
    class="chart"
    viewBox="0 0 ${width} ${height}"
    width="${width}"
    height="${height}"
    role="img"
    aria-labelledby="${id}-t ${id}-d"
    xmlns="http://www.w3.org/2000/svg"
  >
    <title id="${id}-t">${text.title}</title>
    <desc id="${id}-d">${text.desc}</desc>
    ${body}
  </svg>`;
}

/** Horizontal bars, one row per item, the value printed at the end of each bar. */
export function barChart(
  id: string,
  title: string,
  rows: Array<{ label: string; value: number }>,
  unit: string,
): Markup {
  if (rows.length === 0) return html`<p class="empty">${title}: nothing to show.</p>`;
  const max = Math.max(...rows.map((r) => r.value), 1);
  const barMax = BAR_W - LABEL_W - 60;
  const height = rows.length * ROW_H + 8;
  const desc = rows.map((r) => `${r.label}: ${round(r.value, 1)} ${unit}`).join('; ');
  return svgChart(
    id,
    { width: BAR_W, height },
    { title, desc },
    rows.map((r, i) => {
      const y = 4 + i * ROW_H;
      const w = Math.max(1, (r.value / max) * barMax);
      return html`<g
        ><title>${r.label}: ${round(r.value, 1)} ${unit}</title>
        <text x="${LABEL_W - 8}" y="${y + 16}" text-anchor="end" class="label"
          >${clip(r.label, 24)}</text
        >
        <rect x="${LABEL_W}" y="${y + 3}" width="${round(w)}" height="${ROW_H - 8}" class="bar" />
        <text x="${round(LABEL_W + w + 6)}" y="${y + 16}" class="value"
          >${round(r.value, 1)} ${unit}</text
        ></g
      >`;
    }),
  );
}

/**
 * Errors per minute in each bucket: the baseline before the session shaded apart, a dashed
 * line at the baseline's rate, and the session start marked.
 */
export function errorRateChart(id: string, errors: DecisionRecordV1['metrics']['errors']): Markup {
  const { buckets, bucketMinutes, sessionStart } = errors.rate;
  const title = 'Errors per minute, baseline then session';
  if (buckets.length === 0) return html`<p class="empty">${title}: no feed events.</p>`;
  const height = 220;
  const left = 44;
  const right = WIDTH - 8;
  const top = 16;
  const bottom = height - 36;
  const plotW = right - left;
  const plotH = bottom - top;
  const bucketMs = bucketMinutes * 60_000;
  const t0 = Date.parse(buckets[0]!.start);
  const t1 = Date.parse(buckets.at(-1)!.start) + bucketMs;
  const x = (t: number) => round(left + ((t - t0) / Math.max(1, t1 - t0)) * plotW);
  const rates = buckets.map((b) => b.errors / bucketMinutes);
  const max = Math.max(...rates, errors.baselinePerMinute, 0.1) * 1.15;
  const y = (v: number) => round(bottom - (v / max) * plotH);
  const start = sessionStart === null ? null : Date.parse(sessionStart);
  const desc =
    `${buckets.length} buckets of ${bucketMinutes} min; baseline ${round(errors.baselinePerMinute)} errors/min` +
    `, session ${round(errors.sessionPerMinute)} errors/min` +
    (start === null ? '' : `; the session started at ${hhmm(start)} UTC`);
  return svgChart(
    id,
    { width: WIDTH, height },
    { title, desc },
    html`${start !== null && start > t0 ? html`<rect x="${left}" y="${top}" width="${round(x(start) - left)}" height="${plotH}" class="baseline-zone" />` : null}
      <line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" class="axis" />
      <line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" class="axis" />
      <text x="${left - 6}" y="${bottom + 4}" text-anchor="end" class="tick">0</text>
      <text x="${left - 6}" y="${top + 4}" text-anchor="end" class="tick">${round(max, 1)}</text>
      ${buckets.map((b, i) => {
        const bx = x(Date.parse(b.start));
        const w = Math.max(1, round((bucketMs / Math.max(1, t1 - t0)) * plotW - 1));
        const inBaseline = start !== null && Date.parse(b.start) < start;
        return html`<rect
          x="${bx}"
          y="${y(rates[i]!)}"
          width="${w}"
          height="${round(bottom - y(rates[i]!))}"
          class="${inBaseline ? 'bar baseline' : 'bar'}"
          ><title>
            ${hhmm(Date.parse(b.start))} UTC: ${b.errors} errors of ${b.total} events
          </title></rect
        >`;
      })}
      <line
        x1="${left}"
        y1="${y(errors.baselinePerMinute)}"
        x2="${right}"
        y2="${y(errors.baselinePerMinute)}"
        class="baseline-line"
      />
      <text x="${right}" y="${y(errors.baselinePerMinute) - 4}" text-anchor="end" class="tick halo">
        Baseline ${round(errors.baselinePerMinute)}/min
      </text>
      ${
        start === null
          ? null
          : html`<line
                x1="${x(start)}"
                y1="${top - 6}"
                x2="${x(start)}"
                y2="${bottom}"
                class="start-line"
              />
              <text x="${x(start) + 4}" y="${top + 2}" class="tick halo">Session start</text>`
      }
      <text x="${left}" y="${bottom + 18}" class="tick">${hhmm(t0)} UTC</text>
      <text x="${right}" y="${bottom + 18}" text-anchor="end" class="tick">${hhmm(t1)} UTC</text>`,
  );
}
