// Live counts by verdict as a horizontal bar chart in inline SVG. Bars are measured against the whole list, so
// they grow as rows are checked; each bar carries its count and share as text.

import { svg } from './dom.js';
import { Verdicts, VerdictLabels, formatNumber, formatPercent } from './words.js';

const RowHeight = 34;
const LabelWidth = 118;
const BarWidth = 200;
const Width = 420;

/**
 * Draws (or redraws) the chart into an <svg> element.
 * @param {SVGSVGElement} target
 * @param {{deliverable:number, undeliverable:number, risky:number, unknown:number}} counts
 * @param {number} total rows in the list
 */
export function drawVerdictChart(target, counts, total) {
  const height = Verdicts.length * RowHeight;
  const scale = Math.max(total, 1);
  const summary = Verdicts.map(v => `${formatNumber(counts[v] ?? 0)} ${VerdictLabels[v].toLowerCase()}`).join(', ');
  target.setAttribute('viewBox', `0 0 ${Width} ${height}`);
  target.setAttribute('role', 'img');
  target.setAttribute('aria-labelledby', 'chart-title');
  const rows = Verdicts.map((verdict, i) => {
    const count = counts[verdict] ?? 0;
    const y = i * RowHeight;
    const width = count === 0 ? 0 : Math.max(2, (count / scale) * BarWidth);
    return svg('g', { class: `bar bar-${verdict}`, 'data-verdict': verdict, 'data-count': count },
      svg('text', { x: 0, y: y + 21, class: 'bar-label' }, VerdictLabels[verdict]),
      svg('rect', { x: LabelWidth, y: y + 6, width: BarWidth, height: 22, rx: 3, class: 'bar-track' }),
      svg('rect', { x: LabelWidth, y: y + 6, width: width.toFixed(1), height: 22, rx: 3, class: 'bar-fill' }),
      svg('text', { x: LabelWidth + BarWidth + 8, y: y + 21, class: 'bar-value' },
        `${formatNumber(count)} (${formatPercent(count / scale)})`));
  });
  target.replaceChildren(svg('title', { id: 'chart-title' }, `Verdicts so far: ${summary}.`), ...rows);
}
