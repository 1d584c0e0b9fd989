/**
 * src/lib/control-values.ts: a live chapter's controls give one value per choice, though Observable Inputs' select
 * sends two "input" events for one (the browser's and its own on "change"), so that a chapter recomputes once.
 */
import {describe, expect, it} from "vitest";
import {distinctValues} from "../../src/lib/control-values.ts";

/** A form as Inputs.form makes it: an element whose value is an object, the same object until a field changes. */
function fakeForm(initial: Record<string, unknown>) {
  const form = new EventTarget() as EventTarget & {value: Record<string, unknown>};
  form.value = initial;
  return form;
}

describe("distinctValues", () => {
  it("gives the value at once, then once per change however many input events a choice sends", () => {
    const form = fakeForm({from: "2025-01", types: ["Robbery"]});
    const seen: unknown[] = [];
    const dispose = distinctValues(form)((v) => seen.push(v));
    expect(seen).toEqual([{from: "2025-01", types: ["Robbery"]}]);
    // One choice in a select: the browser's input event, then the one Inputs dispatches on change.
    form.value = {from: "2025-03", types: ["Robbery"]};
    form.dispatchEvent(new Event("input"));
    form.dispatchEvent(new Event("input"));
    expect(seen).toHaveLength(2);
    // A new object with the same content (Inputs.form copies its value on any field's change) is not a change.
    form.value = {from: "2025-03", types: ["Robbery"]};
    form.dispatchEvent(new Event("input"));
    expect(seen).toHaveLength(2);
    form.value = {from: "2025-03", types: ["Robbery", "Possession of weapons"]};
    form.dispatchEvent(new Event("input"));
    expect(seen.at(-1)).toEqual({from: "2025-03", types: ["Robbery", "Possession of weapons"]});
    expect(seen).toHaveLength(3);
    // Disposed (the cell is invalidated): no more values.
    dispose();
    form.value = {from: "2025-04", types: ["Robbery"]};
    form.dispatchEvent(new Event("input"));
    expect(seen).toHaveLength(3);
  });

  it("is what every chapter with controls, and Explore's example picker, read their controls through, never view()", async () => {
    const {readFileSync} = await import("node:fs");
    const forms = "controlsForm|funnelForm|placeForm|successForm|riskForm|exampleInput";
    for (const page of ["index", "violence-profile", "service-mapping", "benchmarking", "place", "success-measures", "risk-factors", "explore"]) {
      const text = readFileSync(new URL(`../../src/${page}.md`, import.meta.url), "utf-8");
      expect(text, page).toMatch(new RegExp(`Generators\\.observe\\(distinctValues\\((${forms})\\)\\)`));
      expect(text, page).not.toMatch(new RegExp(`view\\((${forms})\\)`));
    }
    // The picker is not handed to view() inline either.
    expect(readFileSync(new URL("../../src/explore.md", import.meta.url), "utf-8")).not.toMatch(/view\(Inputs\.select\(EXAMPLES/);
  });
});
