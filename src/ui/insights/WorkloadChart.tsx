/**
 * Minutes a day (solid line, left axis) and reviews a day (dashed line, right axis) against
 * desired retention, with the lowest-workload retention and the current one marked. Plain SVG
 * drawn at the container's pixel width (a ResizeObserver), so text stays 12 px on a phone and on
 * a desktop; colours are the theme's CSS variables (retention-helper.css), so dark mode follows.
 * The figures are also in the helper's table: the chart is an image with a text summary.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RetentionPoint } from '../../core/simulate-grid';

interface Props {
  points: RetentionPoint[];
  best: number;
  current: number;
}

const HEIGHT = 230;
const PAD = { top: 28, right: 44, bottom: 40, left: 44 };

/** The smallest of 1, 2, 2.5, 5 × a power of ten that is at least `x`. */
function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const mag = 10 ** Math.floor(Math.log10(x));
  const f = x / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
}

const compact = (n: number) => (n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(Math.round(n * 10) / 10));

export function WorkloadChart({ points, best, current }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(360);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(260, Math.round(el.clientWidth))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const x0 = points[0]?.retention ?? 0.7;
  const x1 = points.at(-1)?.retention ?? 0.97;
  const plotW = width - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (r: number) => PAD.left + ((r - x0) / (x1 - x0 || 1)) * plotW;
  // Four grid lines shared by both axes, each axis with round steps of its own.
  const LINES = 4;
  const minStep = niceCeil(Math.max(...points.map((p) => p.minutesPerDay)) / LINES);
  const revStep = niceCeil(Math.max(...points.map((p) => p.reviewsPerDay)) / LINES);
  const minMax = minStep * LINES;
  const revMax = revStep * LINES;
  const yMin = (m: number) => PAD.top + plotH - (m / minMax) * plotH;
  const yRev = (n: number) => PAD.top + plotH - (n / revMax) * plotH;
  const path = (y: (p: RetentionPoint) => number) => points.map((p, i) => `${i ? 'L' : 'M'}${x(p.retention).toFixed(1)},${y(p).toFixed(1)}`).join('');
  const bestPoint = points.find((p) => p.retention === best);
  const ticks = Array.from({ length: LINES + 1 }, (_, i) => i);
  const xTicks = [0.7, 0.75, 0.8, 0.85, 0.9, 0.95].filter((r) => r >= x0 - 1e-9 && r <= x1 + 1e-9);
  const showCurrent = current >= x0 - 1e-9 && current <= x1 + 1e-9;
  // Labels of the two markers sit at the top; when they would overlap, the current one moves down
  // (and its line starts below it).
  const close = showCurrent && Math.abs(x(current) - x(best)) < 80;
  // A label near either end of the plot is anchored inwards, so it never runs off the chart.
  const anchor = (at: number) => (x(at) < PAD.left + 40 ? 'start' : x(at) > width - PAD.right - 40 ? 'end' : 'middle');

  return (
    <div class="workload-chart" ref={box}>
      <svg width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} role="img" aria-labelledby="workload-chart-title" aria-describedby="workload-chart-desc">
        <title id="workload-chart-title">Minutes and reviews a day by desired retention</title>
        <desc id="workload-chart-desc">
          {`From ${fmt(points[0]?.minutesPerDay)} minutes a day at ${x0.toFixed(2)} to ${fmt(points.at(-1)?.minutesPerDay)} at ${x1.toFixed(2)}; lowest workload per memorised card at ${best.toFixed(2)}. The table below has every figure.`}
        </desc>
        {ticks.map((t) => (
          <g key={t}>
            <line class="grid" x1={PAD.left} x2={width - PAD.right} y1={yMin(t * minStep)} y2={yMin(t * minStep)} />
            <text class="tick" x={PAD.left - 6} y={yMin(t * minStep) + 4} text-anchor="end">
              {compact(t * minStep)}
            </text>
            <text class="tick" x={width - PAD.right + 6} y={yMin(t * minStep) + 4}>
              {compact(t * revStep)}
            </text>
          </g>
        ))}
        {xTicks.map((r) => (
          <text key={r} class="tick" x={x(r)} y={HEIGHT - PAD.bottom + 16} text-anchor="middle">
            {r.toFixed(2)}
          </text>
        ))}
        <text class="axis" x={PAD.left + plotW / 2} y={HEIGHT - 6} text-anchor="middle">
          Desired retention
        </text>
        <path class="line-reviews" d={path((p) => yRev(p.reviewsPerDay))} />
        <path class="line-minutes" d={path((p) => yMin(p.minutesPerDay))} />
        {bestPoint && (
          <g class="mark-best">
            <line x1={x(best)} x2={x(best)} y1={PAD.top} y2={PAD.top + plotH} />
            <circle cx={x(best)} cy={yMin(bestPoint.minutesPerDay)} r={5} />
            <text x={x(best)} y={PAD.top - 8} text-anchor={anchor(best)}>
              lowest {best.toFixed(2)}
            </text>
          </g>
        )}
        {showCurrent && (
          <g class="mark-current">
            <line x1={x(current)} x2={x(current)} y1={PAD.top + (close ? 18 : 0)} y2={PAD.top + plotH} />
            <text x={x(current)} y={close ? PAD.top + 14 : PAD.top - 8} text-anchor={anchor(current)}>
              yours {current.toFixed(2)}
            </text>
          </g>
        )}
      </svg>
      <p class="chart-legend" aria-hidden="true">
        <span class="key key-minutes" /> minutes a day (left axis) <span class="key key-reviews" /> reviews a day (right axis)
      </p>
    </div>
  );
}

const fmt = (m: number | undefined) => (m === undefined ? '—' : m < 10 ? m.toFixed(1) : String(Math.round(m)));
