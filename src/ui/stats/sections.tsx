/** The Stats screen's panels: each one reads a part of the worker's `Stats` and draws it. */
import { useState } from 'preact/hooks';
import type { Histogram, KindSeries, PassFail, Stats } from '../../core/stats';
import { addDays, BarChart, Choice, DataTable, Heatmap, type Series } from './charts';

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)} %`);
const minutes = (ms: number) => (ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);
const KIND_COLORS = { learning: 'var(--learn)', young: 'var(--chart-young)', mature: 'var(--review)', relearning: 'var(--hard)' } as const;
const kindSeries = (k: KindSeries, from: number, scale = 1): Series[] =>
  (['learning', 'young', 'mature', 'relearning'] as const).map((name) => ({ name: name[0]!.toUpperCase() + name.slice(1), values: k[name].slice(from).map((v) => v / scale), color: KIND_COLORS[name] }));

export function TodayPanel({ stats }: { stats: Stats }) {
  const t = stats.today;
  const items: [string, string][] = [
    ['Reviews', String(t.reviews)],
    ['Time', minutes(t.timeMs)],
    ['Again', pct(t.againRate)],
    ['New cards', String(t.newLearned)],
    ['Streak', `${t.streak} day${t.streak === 1 ? '' : 's'}`],
    ['Longest streak', `${t.longestStreak} day${t.longestStreak === 1 ? '' : 's'}`],
  ];
  return (
    <section class="panel" aria-labelledby="stats-today">
      <h2 id="stats-today">Today</h2>
      <dl class="tiles">
        {items.map(([k, v]) => (
          <div class="tile">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

const cell = (p: PassFail) =>
  p.rate === null ? (
    '—'
  ) : (
    <>
      {pct(p.rate)}
      <small class="muted">
        {p.pass}/{p.pass + p.fail}
      </small>
    </>
  );

export function RetentionTable({ stats }: { stats: Stats }) {
  const r = stats.trueRetention;
  const rows: [string, (typeof r)['today']][] = [
    ['Today', r.today],
    ['Yesterday', r.yesterday],
    ['Last 7 days', r.last7],
    ['Last 30 days', r.last30],
    ['Last 365 days', r.last365],
  ];
  return (
    <section class="panel" aria-labelledby="stats-retention">
      <h2 id="stats-retention">True retention</h2>
      <p class="muted small">
        Share of reviews of cards in the review state that you passed (Hard, Good or Easy). Young cards have an interval under 21 days. Desired retention: <strong>{pct(r.desired)}</strong>.
      </p>
      <div class="table-wrap">
        <table class="retention">
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Young</th>
              <th scope="col">Mature</th>
              <th scope="col">All</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, row]) => (
              <tr>
                <th scope="row">{name}</th>
                <td>{cell(row.young)}</td>
                <td>{cell(row.mature)}</td>
                <td class={row.total.rate !== null && row.total.rate < r.desired - 0.05 ? 'below' : ''}>{cell(row.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const dayLabel = (first: string, i: number) => addDays(first, i).slice(5);

export function DailyCharts({ stats }: { stats: Stats }) {
  const [range, setRange] = useState<30 | 90 | 365>(30);
  const [hours, setHours] = useState<'last30' | 'all'>('last30');
  const d = stats.daily;
  const from = 365 - range;
  const labels = Array.from({ length: range }, (_, i) => dayLabel(d.firstDay, from + i));
  const tick = range === 30 ? 7 : range === 90 ? 15 : 60;
  const reviews = d.reviews.learning.slice(from).map((_, i) => (['learning', 'young', 'mature', 'relearning'] as const).reduce((t, k) => t + d.reviews[k][from + i]!, 0));
  const total = reviews.reduce((a, b) => a + b, 0);
  const minutesTotal = (['learning', 'young', 'mature', 'relearning'] as const).reduce((t, k) => t + d.timeMs[k].slice(from).reduce((a, b) => a + b, 0), 0) / 60_000;
  const h = stats.hourly[hours];
  const picker = <Choice label="Days shown" value={range} options={[[30, '30 days'], [90, '90 days'], [365, 'Year']]} onChange={setRange} />;
  return (
    <section class="panel" aria-labelledby="stats-history">
      <h2 id="stats-history">History</h2>
      <Heatmap firstDay={stats.heatmap.firstDay} counts={stats.heatmap.counts} />
      <BarChart title="Reviews per day" summary={`${total} reviews in the last ${range} days, ${(total / range).toFixed(1)} a day on average.`} labels={labels} series={kindSeries(d.reviews, from)} tick={tick}>
        {picker}
      </BarChart>
      <BarChart title="Minutes per day" summary={`${Math.round(minutesTotal)} minutes in the last ${range} days, ${(minutesTotal / range).toFixed(1)} a day on average.`} labels={labels} series={kindSeries(d.timeMs, from, 60_000)} tick={tick} unit=" min" />
      <BarChart
        title="Success by hour of day"
        summary={`Pass rate by the hour of the review (${hours === 'all' ? 'all time' : 'last 30 days'}).`}
        labels={Array.from({ length: 24 }, (_, i) => String(i))}
        series={[{ name: 'Pass rate %', values: h.rate.map((r) => (r === null ? 0 : Math.round(r * 1000) / 10)), color: 'var(--good)' }]}
        tick={3}
        unit=" %"
      >
        <Choice label="Period" value={hours} options={[['last30', '30 days'], ['all', 'All time']]} onChange={setHours} />
      </BarChart>
    </section>
  );
}

export function FutureCharts({ stats }: { stats: Stats }) {
  const [period, setPeriod] = useState<'last30' | 'last365' | 'all'>('last30');
  const f = stats.forecast;
  const c = stats.cards;
  const b = stats.buttons[period];
  const counts: [string, number, string][] = [
    ['New', c.new, 'var(--new)'],
    ['Learning', c.learning, 'var(--learn)'],
    ['Relearning', c.relearning, 'var(--hard)'],
    ['Young', c.young, 'var(--chart-young)'],
    ['Mature', c.mature, 'var(--review)'],
    ['Suspended', c.suspended, 'var(--muted)'],
    ['Buried', c.buried, 'var(--border)'],
  ];
  const buttonNames = ['Again', 'Hard', 'Good', 'Easy'];
  return (
    <section class="panel" aria-labelledby="stats-future">
      <h2 id="stats-future">Cards and what is coming</h2>
      <BarChart
        title="Due in the next 30 days"
        summary={`${f.total.reduce((a, x) => a + x, 0)} reviews due in the next 30 days; ${f.total[0] ?? 0} today, ${f.overdue} of them overdue.`}
        labels={f.total.map((_, i) => (i === 0 ? 'Today' : `+${i}`))}
        series={[
          { name: 'Learning', values: f.learning, color: 'var(--learn)' },
          { name: 'Review', values: f.review, color: 'var(--review)' },
        ]}
        tick={5}
      />
      <figure class="chart">
        <figcaption>Card counts ({c.total} cards)</figcaption>
        <div class="stack-bar" role="img" aria-label={counts.map(([n, v]) => `${n} ${v}`).join(', ')}>
          {counts.map(([n, v, color]) => (v > 0 ? <span style={{ flexGrow: v, background: color }} title={`${n}: ${v}`} /> : null))}
        </div>
        <ul class="legend">
          {counts.map(([n, v, color]) => (
            <li>
              <span class="swatch" style={{ background: color }} />
              {n} {v}
            </li>
          ))}
        </ul>
        <DataTable caption="Cards by state" columns={['State', 'Cards']} rows={counts.map(([n, v]) => [n, v])} />
      </figure>
      <BarChart
        title="Answer buttons"
        summary={`Answers by button (${period === 'all' ? 'all time' : period === 'last30' ? 'last 30 days' : 'last year'}): ${buttonNames.map((n, i) => `${n} ${b.learning[i]! + b.young[i]! + b.mature[i]!}`).join(', ')}.`}
        labels={buttonNames}
        series={[
          { name: 'Learning', values: b.learning, color: 'var(--learn)' },
          { name: 'Young', values: b.young, color: 'var(--chart-young)' },
          { name: 'Mature', values: b.mature, color: 'var(--review)' },
        ]}
      >
        <Choice label="Period" value={period} options={[['last30', '30 days'], ['last365', 'Year'], ['all', 'All time']]} onChange={setPeriod} />
      </BarChart>
    </section>
  );
}

function histLabels(h: Histogram, digits = 0): string[] {
  return h.counts.map((_, i) => `${h.edges[i]!.toFixed(digits)}${i === h.counts.length - 1 && h.openEnded ? '+' : ''}`);
}

export function MemoryCharts({ stats }: { stats: Stats }) {
  const m = stats.memory;
  const hist = (title: string, h: Histogram, what: string, digits = 0, color = 'var(--accent)') => (
    <BarChart title={title} summary={`${h.counts.reduce((a, b) => a + b, 0)} cards by ${what}.`} labels={histLabels(h, digits)} series={[{ name: 'Cards', values: h.counts, color }]} tick={Math.ceil(h.counts.length / 8)} />
  );
  return (
    <section class="panel" aria-labelledby="stats-memory">
      <h2 id="stats-memory">Memory</h2>
      <p class="muted small">
        Predicted recall now (mean retrievability of {m.reviewedCards} studied cards): <strong>{pct(m.meanRetrievability)}</strong>
      </p>
      {hist('Intervals (days)', m.interval, 'interval in days')}
      {hist('Stability (days)', m.stability, 'stability in days')}
      {hist('Difficulty', m.difficulty, 'difficulty (1 to 10)', 1, 'var(--hard)')}
      {hist('Retrievability now', m.retrievability, 'current retrievability', 2, 'var(--good)')}
    </section>
  );
}

