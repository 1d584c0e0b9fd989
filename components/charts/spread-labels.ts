/**
 * Spreads labels along one axis so that none overlaps the next, each as near its mark as it can be: labels that would
 * overlap are gathered into a block, and the block is centred on its marks (the mean of their positions), then kept
 * between the bounds. The classic one-dimensional label placement of direct-labelled charts (as in ggrepel's 1-D case
 * and d3-labeler's greedy pass), without randomness, so a chart draws the same each time. Also: nudging a map's names
 * off each other (nudgeLabels) and keeping a text inside the chart (keepTextInside).
 */
import type * as Plot from "@observablehq/plot";
import {BOLD_WIDTH, textWidth} from "./common.js";

export type LabelSlot = {
  /** Where the label's mark is: the centre the label would take if it had room. */
  at: number;
  /** The label's extent along the axis (its line height times its lines). */
  size: number;
};

/**
 * Centres for the labels, in the order given: each pair at least their half-sizes apart, and every label inside
 * [low, high] when they fit there (when they cannot, they keep their spacing from `low` down).
 */
export function spreadLabels(slots: readonly LabelSlot[], low = -Infinity, high = Infinity): number[] {
  slots.forEach((s, i) => {
    if (!Number.isFinite(s.at) || !(s.size >= 0)) throw new Error(`spreadLabels: slot ${i} has at ${s.at} and size ${s.size}; expected a finite position and a size of 0 or more`);
  });
  const order = slots.map((_, i) => i).sort((a, b) => slots[a]!.at - slots[b]!.at || a - b);
  type Block = {members: number[]; size: number; start: number};
  // The start that centres a block on its marks: each member's centre sits at start + its offset in the block.
  const place = (members: number[]): Block => {
    let offset = 0;
    let ideal = 0;
    for (const i of members) {
      const {at, size} = slots[i]!;
      ideal += at - (offset + size / 2);
      offset += size;
    }
    const start = Math.max(low, Math.min(ideal / members.length, high - offset));
    return {members, size: offset, start};
  };
  const blocks: Block[] = [];
  for (const i of order) {
    let block = place([i]);
    // Merge with the block above while they overlap; the merged block may then reach the one before.
    while (blocks.length && blocks.at(-1)!.start + blocks.at(-1)!.size > block.start) block = place([...blocks.pop()!.members, ...block.members]);
    blocks.push(block);
  }
  const centres = new Array<number>(slots.length);
  for (const block of blocks) {
    let offset = block.start;
    for (const i of block.members) {
      centres[i] = offset + slots[i]!.size / 2;
      offset += slots[i]!.size;
    }
  }
  return centres;
}

/** A label centred on a point, in pixels: its centre and its box's width and height. */
export type CentredLabel = {x: number; y: number; width: number; height: number};

/**
 * Offsets that move centred labels (a map's district names) off each other: in the order given, each label keeps its
 * place if it overlaps no label placed before it, or takes the nearest free place among steps of `step` pixels up,
 * down, left and right (nearest first, up to `reach` steps), inside the frame. A label with no free place within
 * reach stays where it was: a name over another is better than a district left unnamed.
 */
export function nudgeLabels(labels: readonly CentredLabel[], frame: {left: number; right: number; top: number; bottom: number}, step = 6, reach = 6): {dx: number; dy: number}[] {
  type Box = {x0: number; x1: number; y0: number; y1: number};
  const boxOf = (l: CentredLabel, dx: number, dy: number): Box => ({x0: l.x + dx - l.width / 2, x1: l.x + dx + l.width / 2, y0: l.y + dy - l.height / 2, y1: l.y + dy + l.height / 2});
  const placed: Box[] = [];
  const free = (b: Box): boolean => !placed.some((o) => b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1);
  const inside = (b: Box): boolean => b.x0 >= frame.left && b.x1 <= frame.right && b.y0 >= frame.top && b.y1 <= frame.bottom;
  // Candidate offsets, nearest first; vertical moves before horizontal at the same distance (names are wide, not tall).
  const offsets = [{dx: 0, dy: 0}];
  for (let k = 1; k <= reach; k++) for (const [dx, dy] of [[0, -k], [0, k], [-k, 0], [k, 0], [-k, -k], [k, -k], [-k, k], [k, k]] as const) offsets.push({dx: dx * step, dy: dy * step});
  return labels.map((l) => {
    const chosen = offsets.find((o) => {
      const b = boxOf(l, o.dx, o.dy);
      return free(b) && (inside(b) || (o.dx === 0 && o.dy === 0));
    }) ?? {dx: 0, dy: 0};
    placed.push(boxOf(l, chosen.dx, chosen.dy));
    return chosen;
  });
}

/** Where Plot put a text (its `translate`) and its lines (one tspan each when wrapped); null when not translated. */
export function placedText(t: SVGTextElement): {x: number; y: number; lines: string[]} | null {
  const at = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(t.getAttribute("transform") ?? "");
  if (!at) return null;
  const tspans = [...t.querySelectorAll("tspan")];
  return {x: Number(at[1]), y: Number(at[2]), lines: tspans.length ? tspans.map((l) => l.textContent ?? "") : [t.textContent ?? ""]};
}

/** A text's place and extent as Plot draws it: its translate, its anchor, and its lines' estimated widths. */
function textBox(t: SVGTextElement, measure: (line: string) => number): {x: number; y: number; left: number; right: number} | null {
  const placed = placedText(t);
  if (!placed) return null;
  const {x, y, lines} = placed;
  // Plot sets text-anchor on the mark's group, or leaves the chart's "middle".
  const anchor = t.closest("[text-anchor]")?.getAttribute("text-anchor") ?? "middle";
  const bold = /bold|[6-9]00/.test(t.closest("[font-weight]")?.getAttribute("font-weight") ?? "");
  const width = Math.max(...lines.map(measure)) * (bold ? BOLD_WIDTH : 1);
  // The group's own shift (Plot's dx), added to the text's.
  const shift = /translate\(([-\d.e]+)/.exec(t.parentElement?.getAttribute("transform") ?? "");
  const left = x + Number(shift?.[1] ?? 0) - width * (anchor === "end" ? 1 : anchor === "middle" ? 0.5 : 0);
  return {x, y, left, right: left + width};
}

/**
 * Moves each text of a Plot text mark sideways just enough to keep it inside the chart, by the estimated width of its
 * longest line: a reference line's label ("Devon & Cornwall Police area: 35.1") centred on a value near the chart's
 * edge, or a curve's label at its point. Plot would draw them past the edge, where a phone's screen cuts them off.
 */
export function keepTextInside(g: SVGElement | null, width: number, measure: (line: string) => number = (l) => textWidth(l), pad = 2): SVGElement | null {
  if (!g) return g;
  for (const t of g.querySelectorAll("text")) {
    const box = textBox(t, measure);
    if (!box) continue;
    const dx = box.left < pad ? pad - box.left : box.right > width - pad ? Math.max(pad - box.left, width - pad - box.right) : 0;
    if (dx) t.setAttribute("transform", `translate(${box.x + dx},${box.y})`);
  }
  return g;
}

/** keepTextInside as a Plot render transform: `Plot.text(data, {…, render: insideChart})`. */
export const insideChart = (index: number[], scales: Plot.ScaleFunctions, values: Plot.ChannelValues, dimensions: Plot.Dimensions, context: Plot.Context, next?: Plot.RenderFunction): SVGElement | null =>
  keepTextInside(next?.(index, scales, values, dimensions, context) ?? null, dimensions.width);
