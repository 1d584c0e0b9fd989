import {describe, expect, it} from "vitest";
import {parseDests, pdfString, readOutline} from "../../loaders/pack/pdf.ts";

describe("reading Chromium's PDF back", () => {
  it("reads named destinations and their pages from pdfinfo -dests", () => {
    const out = `Page  Destination                 Name\n   3 [ XYZ   40  787 null      ] "pack-summary"\n  12 [ XYZ   40  777 null      ] "pack-ch-violence-profile"\n`;
    expect([...parseDests(out)]).toEqual([["pack-summary", 3], ["pack-ch-violence-profile", 12]]);
  });

  it("decodes literal and UTF-16 strings", () => {
    expect(pdfString("(Place \\(and\\) population)")).toBe("Place (and) population");
    expect(pdfString("(a\\\\b\\101)")).toBe("a\\bA");
    expect(pdfString("<FEFF004100E9002D2013>")).toBe("Aé-–");
  });

  it("walks the outline depth first, nested items under their parents", () => {
    // The shape Chromium writes (PDF 1.4, no object streams): catalog → outlines → items with First/Next.
    const pdf = [
      "1 0 obj\n<</Type /Catalog\n/Pages 2 0 R\n/Outlines 10 0 R>>\nendobj",
      "10 0 obj\n<</Type /Outlines\n/First 11 0 R\n/Last 13 0 R\n/Count 3>>\nendobj",
      "11 0 obj\n<</Title (Contents)\n/Dest [3 0 R /XYZ 40 787 0]\n/Parent 10 0 R\n/Next 12 0 R>>\nendobj",
      "12 0 obj\n<</Title <FEFF0050006C0061006300650020002600200070006F00700075006C006100740069006F006E>\n/Parent 10 0 R\n/Prev 11 0 R\n/Next 13 0 R\n/First 14 0 R\n/Last 14 0 R\n/Count 1>>\nendobj",
      "14 0 obj\n<</Title (Age and sex)\n/Parent 12 0 R>>\nendobj",
      "13 0 obj\n<</Title (Appendix A: Methods)\n/Parent 10 0 R\n/Prev 12 0 R>>\nendobj"
    ].join("\n");
    expect(readOutline(pdf)).toEqual([
      {title: "Contents", depth: 0},
      {title: "Place & population", depth: 0},
      {title: "Age and sex", depth: 1},
      {title: "Appendix A: Methods", depth: 0}
    ]);
  });

  it("finds no outline in a PDF without one", () => {
    expect(readOutline("1 0 obj\n<</Type /Catalog /Pages 2 0 R>>\nendobj")).toEqual([]);
  });
});
