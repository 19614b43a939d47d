// The ageing of what is owed as an SVG bar chart: one bar per bucket, its
// amount printed above it, so the figures are readable without the bars. For
// screen readers the chart is one image with a summary, and the same figures
// follow as a table.
import { useId } from "react";

export type AgeingBar = { label: string; amount: string; formatted: string };

const WIDTH = 560;
const HEIGHT = 220;
const TOP = 28;
const BOTTOM = 32;
// Tailwind teal-600 for what is not yet due, then warmer as invoices age (all ≥ 3:1 against white).
const COLOURS = ["#0d9488", "#d97706", "#ea580c", "#dc2626", "#991b1b"];

export function AgeingChart({ bars, currencyCode }: { bars: AgeingBar[]; currencyCode: string }) {
  const id = useId();
  // Floats are fine for drawing; the printed figures come from the exact decimals.
  const largest = Math.max(...bars.map((bar) => Number(bar.amount)), 0);
  const slot = WIDTH / bars.length;
  const barWidth = slot * 0.6;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const summary = bars.map((bar) => `${bar.label}: ${bar.formatted}`).join("; ");
  return (
    <figure>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="h-auto w-full"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        data-testid={`ageing-chart-${currencyCode}`}
      >
        <title id={`${id}-title`}>{`Ageing of amounts owed in ${currencyCode}`}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        <line x1={0} x2={WIDTH} y1={HEIGHT - BOTTOM} y2={HEIGHT - BOTTOM} stroke="#cbd5e1" />
        {bars.map((bar, index) => {
          const height = largest > 0 ? Math.max((Number(bar.amount) / largest) * plotHeight, Number(bar.amount) > 0 ? 2 : 0) : 0;
          const x = index * slot + (slot - barWidth) / 2;
          const y = HEIGHT - BOTTOM - height;
          return (
            <g key={bar.label}>
              <rect x={x} y={y} width={barWidth} height={height} rx={3} fill={COLOURS[index % COLOURS.length]} />
              <text x={x + barWidth / 2} y={y - 6} textAnchor="middle" className="fill-slate-800 text-[13px] font-medium">
                {bar.formatted}
              </text>
              <text x={x + barWidth / 2} y={HEIGHT - 10} textAnchor="middle" className="fill-slate-600 text-[13px]">
                {bar.label}
              </text>
            </g>
          );
        })}
      </svg>
      {/* A table ignores the 1px width of sr-only and would widen a phone's page; its wrapper does not. */}
      <div className="sr-only">
      <table>
        <caption>{`Amounts owed in ${currencyCode} by how long they are overdue`}</caption>
        <thead>
          <tr>
            <th scope="col">Overdue by</th>
            <th scope="col">Amount</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.label}>
              <th scope="row">{bar.label}</th>
              <td>{bar.formatted}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </figure>
  );
}
