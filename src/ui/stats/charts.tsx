/**
 * Plain SVG charts for the Stats and Readiness screens: no library (a bar chart and a calendar
 * are a few dozen lines, and nothing loads before these screens do). Colours come from CSS
 * variables, so dark mode needs nothing here. Every chart carries its numbers as a table (in a
 * disclosure) for screen readers and for anyone who wants the exact figures; the SVG itself is
 * one image with a one-sentence summary as its name.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export interface Series {
  name: string;
  values: number[];
  /** A CSS colour, usually a variable: 'var(--good)'. */
  color: string;
}

const W = 360;
const H = 150;
const PAD = { left: 34, right: 6, top: 8, bottom: 22 };

/** A "nice" upper bound for the y axis: 1, 2 or 5 times a power of ten. */
export function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

const fmt = (v: number) => (Math.abs(v) >= 10_000 ? `${Math.round(v / 1000)}k` : Number.isInteger(v) ? String(v) : v.toFixed(1));

export function DataTable({ caption, columns, rows }: { caption: string; columns: string[]; rows: (string | number)[][] }) {
  return (
    <details class="chart-table">
      <summary>Data table</summary>
      <div class="table-wrap">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th scope="col">{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                {r.map((v, i) => (i === 0 ? <th scope="row">{v}</th> : <td>{typeof v === 'number' ? fmt(v) : v}</td>))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

export function Legend({ series }: { series: Series[] }) {
  if (series.length < 2) return null;
  return (
    <ul class="legend" aria-hidden="true">
      {series.map((s) => (
        <li>
          <span class="swatch" style={{ background: s.color }} />
          {s.name}
        </li>
      ))}
    </ul>
  );
}

/**
 * Stacked bars, one per label. `summary` names the image; `tick` says which labels to print
 * under the axis (every n-th).
 */
export function BarChart({ title, summary, labels, series, tick = 1, unit = '', children }: { title: string; summary: string; labels: string[]; series: Series[]; tick?: number; unit?: string; children?: ComponentChildren }) {
  const n = labels.length;
  const totals = labels.map((_, i) => series.reduce((t, s) => t + (s.values[i] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const bw = iw / Math.max(1, n);
  const y = (v: number) => PAD.top + ih - (v / max) * ih;
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      {children}
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} preserveAspectRatio="xMidYMid meet">
        {[0, 0.5, 1].map((f) => (
          <g>
            <line class="grid" x1={PAD.left} x2={W - PAD.right} y1={y(max * f)} y2={y(max * f)} />
            <text class="axis" x={PAD.left - 4} y={y(max * f) + 3} text-anchor="end">
              {fmt(max * f)}
              {f === 1 ? unit : ''}
            </text>
          </g>
        ))}
        {labels.map((label, i) => {
          let base = 0;
          const x = PAD.left + i * bw;
          return (
            <g>
              {series.map((s) => {
                const v = s.values[i] ?? 0;
                if (v <= 0) return null;
                const top = y(base + v);
                const h = y(base) - top;
                base += v;
                return <rect x={x + bw * 0.1} width={Math.max(1, bw * 0.8)} y={top} height={Math.max(0.5, h)} style={{ fill: s.color }} />;
              })}
              {i % tick === 0 && (
                <text class="axis" x={x + bw / 2} y={H - 6} text-anchor="middle">
                  {label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <Legend series={series} />
      <DataTable caption={title} columns={['', ...series.map((s) => s.name), ...(series.length > 1 ? ['Total'] : [])]} rows={labels.map((l, i) => [l, ...series.map((s) => s.values[i] ?? 0), ...(series.length > 1 ? [totals[i]!] : [])])} />
    </figure>
  );
}

/** Local date (YYYY-MM-DD) `days` after `first`, by the calendar (DST days are days too). */
export function addDays(first: string, days: number): string {
  const [y, m, d] = first.split('-').map(Number) as [number, number, number];
  const t = new Date(y, m - 1, d + days);
  return `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, '0')}-${String(t.getDate()).padStart(2, '0')}`;
}

/**
 * A year of days as weeks (columns) × weekdays (rows), darker with more reviews. Wider than a
 * phone: it scrolls sideways inside its own box, which is a named, focusable region.
 */
export function Heatmap({ firstDay, counts }: { firstDay: string; counts: number[] }) {
  const [y, m, d] = firstDay.split('-').map(Number) as [number, number, number];
  const startDow = new Date(y, m - 1, d).getDay();
  const cell = 11;
  const gap = 2;
  const weeks = Math.ceil((startDow + counts.length) / 7);
  const max = Math.max(1, ...counts);
  const level = (c: number) => (c === 0 ? 0 : Math.min(4, 1 + Math.floor((c / max) * 3.999)));
  const active = counts.filter((c) => c > 0).length;
  const total = counts.reduce((a, b) => a + b, 0);
  const width = weeks * (cell + gap) + 20;
  const scroller = useRef<HTMLDivElement>(null);
  // The latest weeks matter most: a narrow screen starts scrolled to today.
  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollLeft = el.scrollWidth;
  }, [counts.length]);
  const months: { x: number; label: string }[] = [];
  for (let i = 0; i < counts.length; i++) {
    const date = addDays(firstDay, i);
    if (date.endsWith('-01')) months.push({ x: 20 + Math.floor((startDow + i) / 7) * (cell + gap), label: new Date(date + 'T12:00').toLocaleDateString(undefined, { month: 'short' }) });
  }
  return (
    <figure class="chart">
      <figcaption>Review calendar (the last 365 days)</figcaption>
      <div class="heatmap-scroll" ref={scroller} tabIndex={0} role="region" aria-label="Review calendar (scrolls sideways)">
        <svg width={width} height={7 * (cell + gap) + 16} role="img" aria-label={`${total} reviews on ${active} of the last ${counts.length} days; the busiest day had ${max === 1 && total === 0 ? 0 : max}.`}>
          {months.map((mo) => (
            <text class="axis" x={mo.x} y={9}>
              {mo.label}
            </text>
          ))}
          {counts.map((c, i) => {
            const k = startDow + i;
            return <rect class={`heat heat-${level(c)}`} x={20 + Math.floor(k / 7) * (cell + gap)} y={14 + (k % 7) * (cell + gap)} width={cell} height={cell} rx={2} />;
          })}
        </svg>
      </div>
      <DataTable
        caption="Days with reviews"
        columns={['Date', 'Reviews']}
        rows={counts.flatMap((c, i) => (c > 0 ? [[addDays(firstDay, i), c]] : [])).reverse()}
      />
    </figure>
  );
}

/** Segmented buttons for a choice such as 30 / 90 / 365 days. */
export function Choice<T extends string | number>({ label, value, options, onChange }: { label: string; value: T; options: [T, string][]; onChange: (v: T) => void }) {
  return (
    <div class="choice" role="group" aria-label={label}>
      {options.map(([v, text]) => (
        <button type="button" class="btn btn-small" aria-pressed={v === value} onClick={() => onChange(v)}>
          {text}
        </button>
      ))}
    </div>
  );
}
