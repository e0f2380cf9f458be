/** Horizontal bars with their labels and values, as SVG (no image of a dashboard). */
export function BarChart({
  title,
  rows,
  unit = '',
}: {
  title: string;
  rows: Array<{ label: string; value: number; className?: string }>;
  unit?: string;
}) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const rowH = 22;
  const labelW = 150;
  // Room right of the longest bar for its value and unit (a value such as "12 min" was clipped).
  const valueW = 70;
  const w = 420;
  return (
    <figure className="bar-chart">
      <figcaption>{title}</figcaption>
      {rows.length === 0 ? (
        <p className="card-hint">Nothing recorded.</p>
      ) : (
        <svg
          viewBox={`0 0 ${w} ${rows.length * rowH}`}
          role="img"
          aria-label={`${title}: ${rows.map((r) => `${r.label} ${r.value}${unit}`).join(', ')}`}
        >
          {rows.map((r, i) => (
            <g key={r.label} transform={`translate(0 ${i * rowH})`}>
              <text x={labelW - 6} y={15} textAnchor="end" className="bar-label">
                <title>{r.label}</title>
                {r.label.length > 20 ? `${r.label.slice(0, 19)}…` : r.label}
              </text>
              <rect
                x={labelW}
                y={4}
                height={14}
                width={Math.max(1, ((w - labelW - valueW) * r.value) / max)}
                className={`bar ${r.className ?? ''}`}
              />
              <text
                x={labelW + ((w - labelW - valueW) * r.value) / max + 6}
                y={15}
                className="bar-value"
              >
                {r.value}
                {unit}
              </text>
            </g>
          ))}
        </svg>
      )}
    </figure>
  );
}
