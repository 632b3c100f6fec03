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
  const width = 600, height = 160, left = 36, bottom = 20, top = 8;
  const plotWidth = width - left, plotHeight = height - bottom - top;
  const peak = Math.max(1, ...succeeded.map((n, i) => n + failed[i]));
  const slot = plotWidth / minutes;
  const y = (n) => top + plotHeight - (n / peak) * plotHeight;
  const bars = [];
  for (let i = 0; i < minutes; i++) {
    const x = left + i * slot + slot * 0.1;
    const w = Math.max(1, slot * 0.8);
    if (succeeded[i] > 0) bars.push(svg('rect', { class: 'bar-ok', x, y: y(succeeded[i]), width: w, height: plotHeight + top - y(succeeded[i]) }));
    if (failed[i] > 0) bars.push(svg('rect', { class: 'bar-failed', x, y: y(succeeded[i] + failed[i]), width: w, height: y(succeeded[i]) - y(succeeded[i] + failed[i]) }));
  }
  const ok = succeeded.reduce((a, b) => a + b, 0);
  const bad = failed.reduce((a, b) => a + b, 0);
  const label = `Finished tasks per minute over the last ${minutes} minutes: ${ok} succeeded, ${bad} failed; the busiest minute had ${peak === 1 && ok + bad === 0 ? 0 : peak}.`;
  return h('figure', { class: 'chart' },
    svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label, preserveAspectRatio: 'none' },
      svg('line', { class: 'axis', x1: left, y1: top + plotHeight, x2: width, y2: top + plotHeight }),
      svg('line', { class: 'grid', x1: left, y1: top, x2: width, y2: top }),
      svg('text', { class: 'tick', x: left - 4, y: top + 10, 'text-anchor': 'end', text: String(peak) }),
      svg('text', { class: 'tick', x: left - 4, y: top + plotHeight, 'text-anchor': 'end', text: '0' }),
      svg('text', { class: 'tick', x: left, y: height - 4, text: `−${minutes} min` }),
      svg('text', { class: 'tick', x: width, y: height - 4, 'text-anchor': 'end', text: 'now' }),
      bars),
    h('figcaption', {},
      h('span', { class: 'key key-ok' }, 'succeeded'), ' ', h('span', { class: 'key key-failed' }, 'failed'),
      ' per minute (a task counts in the minute it was created, once finished)'));
}
