/** One-dimensional label spreading: no two labels overlap, each stays as near its mark as the others allow. */
import {describe, expect, it} from "vitest";
import {nudgeLabels, spreadLabels, type LabelSlot} from "../../../components/charts/spread-labels.ts";

/** The gaps each pair of neighbouring labels (in position order) is short of their half-sizes. */
function overlaps(slots: readonly LabelSlot[], centres: readonly number[]): number[] {
  const order = slots.map((_, i) => i).sort((a, b) => centres[a]! - centres[b]!);
  return order.slice(1).map((i, k) => {
    const j = order[k]!;
    return Math.max(0, (slots[i]!.size + slots[j]!.size) / 2 - (centres[i]! - centres[j]!));
  });
}

describe("spreadLabels", () => {
  it("leaves labels that have room where their marks are", () => {
    const slots = [{at: 10, size: 14}, {at: 40, size: 14}, {at: 100, size: 28}];
    expect(spreadLabels(slots)).toEqual([10, 40, 100]);
  });

  it("centres a pair that would overlap on their marks, exactly one label apart", () => {
    // Surrey's Reigate and Banstead and Woking, adjacent rows 4 px apart in the dot plot of 300 districts.
    const centres = spreadLabels([{at: 200, size: 14}, {at: 204, size: 14}]);
    expect(centres).toEqual([195, 209]);
    expect((centres[0]! + centres[1]!) / 2).toBe(202);
  });

  it("gathers a run of crowded labels into one block, keeping their order", () => {
    const slots = [{at: 300, size: 14}, {at: 296, size: 14}, {at: 292, size: 14}, {at: 150, size: 14}];
    const centres = spreadLabels(slots);
    expect(overlaps(slots, centres)).toEqual([0, 0, 0]);
    expect(centres[3]).toBe(150);
    expect(centres[2]! < centres[1]! && centres[1]! < centres[0]!).toBe(true);
    expect(centres[1]).toBe(296);
  });

  it("merges a block with the one before when spreading makes them meet", () => {
    const slots = [{at: 100, size: 14}, {at: 112, size: 14}, {at: 120, size: 14}, {at: 122, size: 14}];
    const centres = spreadLabels(slots);
    expect(overlaps(slots, centres)).toEqual([0, 0, 0]);
    expect(centres[3]! - centres[0]!).toBe(42);
    expect((centres[0]! + centres[3]!) / 2).toBeCloseTo((100 + 112 + 120 + 122) / 4, 9);
  });

  it("keeps labels inside the bounds, pushing a block at an edge inwards", () => {
    const slots = [{at: 2, size: 14}, {at: 4, size: 14}, {at: 396, size: 14}, {at: 398, size: 14}];
    const centres = spreadLabels(slots, 0, 400);
    expect(centres).toEqual([7, 21, 379, 393]);
  });

  it("spaces labels of several lines by their own sizes", () => {
    const slots = [{at: 50, size: 28}, {at: 52, size: 14}];
    const centres = spreadLabels(slots);
    expect(centres[1]! - centres[0]!).toBe(21);
    expect(overlaps(slots, centres)).toEqual([0]);
  });

  it("refuses a position that is not a number", () => {
    expect(() => spreadLabels([{at: Number.NaN, size: 14}])).toThrow(/slot 0 has at NaN/);
  });
});

describe("nudgeLabels", () => {
  const frame = {left: 0, right: 300, top: 0, bottom: 200};

  it("leaves names that overlap nothing where they are", () => {
    expect(nudgeLabels([{x: 50, y: 50, width: 60, height: 16}, {x: 200, y: 50, width: 60, height: 16}], frame)).toEqual([{dx: 0, dy: 0}, {dx: 0, dy: 0}]);
  });

  it("moves a later name to the nearest free place, in steps of 6 px, inside the frame", () => {
    // Surrey's Elmbridge and Epsom and Ewell on a phone's map: centres 20 px apart, boxes 70 and 100 px wide.
    const moves = nudgeLabels([{x: 100, y: 80, width: 70, height: 16}, {x: 120, y: 84, width: 100, height: 30}], frame);
    expect(moves[0]).toEqual({dx: 0, dy: 0});
    // 16/2 + 30/2 = 23 px between centres is needed: down, 19 more (the step of 24 clears it); up, 27 more (30).
    expect(moves[1]).toEqual({dx: 0, dy: 24});
  });

  it("leaves a name where it was when no free place is within reach, rather than unnamed or far away", () => {
    // Two names over each other in a frame with no room to move either (a tiny map).
    const tiny = {left: 0, right: 70, top: 0, bottom: 20};
    expect(nudgeLabels([{x: 35, y: 10, width: 60, height: 16}, {x: 35, y: 12, width: 60, height: 16}], tiny, 6, 3)).toEqual([{dx: 0, dy: 0}, {dx: 0, dy: 0}]);
  });
});
