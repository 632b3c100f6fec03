// The overview's chart: finished tasks per minute over the window, succeeded and failed stacked, as inline SVG.
import { svg, h } from './ui.js';

export function activityTotals(activity) {
  const minutes = activity.minutes;
  const succeeded = new Array(minutes).fill(0);
  const failed = new Array(minutes).fill(0);
  for (const series of Object.values(activity.agents)) {
    series.succeeded.forEach((n, i) => { succeeded[i] += n; });
    series.failed.forEach((n, i) => { failed[i] += n; });
  }
  return { succeeded, failed };
}

export function activityChart(activity) {
  const { succeeded, failed } = activityTotals(activity);
  const minutes = activity.minutes;
  // Bars only in the SVG, stretched to the box; the labels are HTML, so they stay readable at any width.
  const width = minutes * 10, height = 100;
  const peak = Math.max(1, ...succeeded.map((n, i) => n + failed[i]));
  const y = (n) => height - (n / peak) * height;
  const bars = [];
  for (let i = 0; i < minutes; i++) {
    const x = i * 10 + 1;
    if (succeeded[i] > 0) bars.push(svg('rect', { class: 'bar-ok', x, y: y(succeeded[i]), width: 8, height: height - y(succeeded[i]) }));
    if (failed[i] > 0) bars.push(svg('rect', { class: 'bar-failed', x, y: y(succeeded[i] + failed[i]), width: 8, height: y(succeeded[i]) - y(succeeded[i] + failed[i]) }));
  }
  const ok = succeeded.reduce((a, b) => a + b, 0);
  const bad = failed.reduce((a, b) => a + b, 0);
  const busiest = Math.max(0, ...succeeded.map((n, i) => n + failed[i]));
  const label = `Finished tasks per minute over the last ${minutes} minutes: ${ok} succeeded, ${bad} failed; the busiest minute had ${busiest}.`;
  return h('figure', { class: 'chart' },
    h('div', { class: 'chart-peak muted', 'aria-hidden': 'true' }, `${busiest} per minute at most`),
    svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label, preserveAspectRatio: 'none' },
      svg('line', { class: 'grid', x1: 0, y1: 0.5, x2: width, y2: 0.5, 'vector-effect': 'non-scaling-stroke' }),
      bars,
      svg('line', { class: 'axis', x1: 0, y1: height - 0.5, x2: width, y2: height - 0.5, 'vector-effect': 'non-scaling-stroke' })),
    h('div', { class: 'chart-axis muted', 'aria-hidden': 'true' }, h('span', {}, `${minutes} min ago`), h('span', {}, 'now')),
    h('figcaption', {},
      h('span', { class: 'key key-ok' }, 'succeeded'), ' ', h('span', { class: 'key key-failed' }, 'failed'),
      ' per minute (a task counts in the minute it was created, once finished)'));
}
