/**
 * npm run bench:import — goal imports and Markdown escaping on crafted input, each timed
 * against an ordinary input of the same size in the same run (the ratio should stay near 1:
 * linear time). Also times the former heading pattern on small lines, to show what it cost.
 */
import { inline } from '../electron/host/exports/md';
import { renderExport } from '../electron/host/exports/index';
import { parseCsvGoals, parseMarkdownGoals } from '../electron/host/goals/import';
import { hostileReportModels } from '../test-support/hostileReport';

const ms = (f: () => unknown) => {
  const start = performance.now();
  try {
    f();
  } catch {
    // Refusals (too many rows…) are answers too: only the time matters here.
  }
  return performance.now() - start;
};
const best = (f: () => unknown) => Math.min(ms(f), ms(f), ms(f));
const row = (name: string, crafted: number, baseline: number) =>
  console.log(
    `${name.padEnd(44)} ${crafted.toFixed(1).padStart(9)} ms  baseline ${baseline.toFixed(1).padStart(8)} ms  ×${(crafted / Math.max(baseline, 0.1)).toFixed(2)}`,
  );

const ordinary = (n: number) => 'Checkout works with a saved card. '.repeat(n / 34 + 1).slice(0, n);
for (const [label, n] of [
  ['3 KB', 3_000],
  ['8 KB', 8_000],
  ['2 MB', 1_990_000],
] as const) {
  const plain = `# ${ordinary(n)}\n- [ ] goal`;
  row(
    `Markdown import, heading with spaces, ${label}`,
    best(() => parseMarkdownGoals(`# a${' '.repeat(n)}x\n- [ ] goal`)),
    best(() => parseMarkdownGoals(plain)),
  );
  row(
    `Markdown import, item with spaces, ${label}`,
    best(() => parseMarkdownGoals(`${' '.repeat(n)}- [ ] a${' '.repeat(n)}b`)),
    best(() => parseMarkdownGoals(`- [ ] ${ordinary(2 * n)}`)),
  );
  row(
    `CSV import, doubled quotes, ${label}`,
    best(() => parseCsvGoals(`title\n"${'a""'.repeat(n / 3)}"`)),
    best(() => parseCsvGoals(`title\n${ordinary(n)}`)),
  );
  row(
    `Markdown escaping, white space, ${label}`,
    best(() => inline(`a${' \n'.repeat(n / 2)}b`)),
    best(() => inline(ordinary(n))),
  );
}

const { hostile, plain } = hostileReportModels();
for (const format of ['md', 'issues', 'html'] as const)
  row(
    `${format} export of the hostile report`,
    best(() => renderExport(format, hostile)),
    best(() => renderExport(format, plain)),
  );

// The pattern the Markdown import used before: cubic on a run of spaces inside a heading.
const FORMER_HEADING = /^\s*#{1,6}\s+(.*?)\s*#*\s*$/;
for (const n of [1_000, 2_000, 3_000])
  row(
    `former heading pattern, ${n / 1000} KB`,
    ms(() => FORMER_HEADING.exec(`# a${' '.repeat(n)}x`)),
    ms(() => FORMER_HEADING.exec(`# ${ordinary(n)}`)),
  );
