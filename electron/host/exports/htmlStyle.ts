/** The report's one style sheet, inline: light on screen and on paper, with page breaks. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa;
  --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --accent: #0969da; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 2rem 1.5rem 4rem; color: var(--ink); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2.5rem 0 .75rem; padding-bottom: .3rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
p, ul, ol, dl, table { margin: 0 0 .75rem; }
.sub { color: var(--muted); margin: 0 0 1.5rem; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em;
  overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid var(--line); }
th { font-weight: 600; background: var(--soft); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.badge { display: inline-block; padding: 0 .45rem; border: 1px solid currentColor; border-radius: 999px;
  font-size: .8rem; font-weight: 600; white-space: nowrap; }
.pass { color: var(--pass); } .fail { color: var(--fail); } .inconclusive, .marginal { color: var(--warn); }
.must { border-left: 4px solid var(--accent); }
tr.must td:first-child { font-weight: 600; }
.callout { border: 1px solid var(--line); border-left: 4px solid var(--accent); padding: .75rem 1rem;
  border-radius: 4px; margin: 0 0 1rem; }
.callout.draft { border-left-color: var(--warn); }
.callout.disagree { border-left-color: var(--fail); }
.finding { border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; margin: 0 0 1rem;
  break-inside: avoid; }
.finding h3 { margin-top: 0; }
.threshold { color: var(--muted); font-size: .85rem; }
figure { margin: 0 0 1.25rem; }
figcaption { color: var(--muted); font-size: .85rem; }
figure img { max-width: 100%; border: 1px solid var(--line); }
.chart { max-width: 100%; height: auto; font: 12px system-ui, sans-serif; }
.chart .label, .chart .value, .chart .tick { fill: var(--ink); }
.chart .tick { fill: var(--muted); font-size: 11px; }
.chart .halo { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
.chart .bar { fill: var(--accent); }
.chart .bar.baseline { fill: #8c959f; }
.chart .baseline-zone { fill: var(--soft); }
.chart .axis { stroke: var(--line); }
.chart .baseline-line { stroke: var(--muted); stroke-dasharray: 4 3; }
.chart .start-line { stroke: var(--fail); stroke-width: 1.5; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 1rem; }
.empty { color: var(--muted); font-style: italic; }
table.audit td:first-child { white-space: nowrap; }
table.audit tr.omitted td { color: var(--muted); }
@page { margin: 16mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; background: #fff !important; color: #000; }
  th, .baseline-zone { background: #fff !important; }
  h2 { break-before: page; break-after: avoid; }
  h2.keep { break-before: auto; }
  h3 { break-after: avoid; }
  table, figure, .finding, .callout, svg { break-inside: avoid; }
  table.audit { break-inside: auto; }
  table.audit tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;
