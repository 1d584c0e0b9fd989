/** The snapshot harness itself: deterministic text, -changed files on a difference, no silent creation in CI. */
import {existsSync} from "node:fs";
import {readFile, rm, writeFile} from "node:fs/promises";
import path from "node:path";
import {fileURLToPath} from "node:url";
import {afterEach, describe, expect, it} from "vitest";
import {assertSnapshot, newDocument, reindexIds, snapshotText} from "./snapshot.ts";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "__snapshots__");
const name = "zz-harness-self-test";
const files = [`${name}.html`, `${name}-changed.html`].map((f) => path.join(dir, f));

function sample(text: string): HTMLElement {
  const doc = newDocument();
  const div = doc.createElement("div");
  div.setAttribute("class", "x");
  const p = doc.createElement("p");
  p.textContent = text;
  div.append(p, doc.createElement("br"));
  return div;
}

describe("snapshot harness", () => {
  const ci = process.env.CI;
  afterEach(async () => {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
    for (const f of files) await rm(f, {force: true});
  });

  it("serialises one element per line with escaped text", () => {
    expect(snapshotText(sample("a < b & c"))).toBe('<div class="x">\n  <p>a &lt; b &amp; c</p>\n  <br>\n</div>\n');
  });

  it("renumbers Plot's process-wide ids in order of appearance", () => {
    expect(reindexIds('<clipPath id="plot-clip-17"/><g clip-path="url(#plot-clip-17)"/><g id="plot-clip-9"/>')).toBe(
      '<clipPath id="plot-clip-1"/><g clip-path="url(#plot-clip-1)"/><g id="plot-clip-2"/>'
    );
  });

  it("fails in CI when the snapshot is missing, and writes it otherwise", async () => {
    process.env.CI = "true";
    await expect(assertSnapshot(name, sample("one"))).rejects.toThrow(/is missing; run the test locally/);
    expect(existsSync(files[0]!)).toBe(false);
    delete process.env.CI;
    await assertSnapshot(name, sample("one"));
    expect(await readFile(files[0]!, "utf8")).toBe(snapshotText(sample("one")));
  });

  it("writes <name>-changed beside a snapshot that differs, fails, and removes it once they match again", async () => {
    await writeFile(files[0]!, snapshotText(sample("one")));
    await expect(assertSnapshot(name, sample("two"))).rejects.toThrow(/differs from its golden file; the new output is in .*zz-harness-self-test-changed\.html/);
    expect(await readFile(files[1]!, "utf8")).toContain("<p>two</p>");
    expect(await readFile(files[0]!, "utf8")).toContain("<p>one</p>");
    await assertSnapshot(name, sample("one"));
    expect(existsSync(files[1]!)).toBe(false);
  });
});
