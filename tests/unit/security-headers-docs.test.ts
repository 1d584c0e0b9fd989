import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {CONTENT_SECURITY_POLICY, SECURITY_HEADERS} from "../../scripts/serve.ts";

// The README gives council IT the headers to paste into nginx and IIS: they must be the ones npm run serve sends.
describe("the security headers in the README's hosting section", () => {
  const readme = readFileSync("README.md", "utf-8");
  const hosting = readme.slice(readme.indexOf("## Hosting on an internal web server"), readme.indexOf("## Tests"));
  it("give the server's exact policy for npm run serve, nginx and IIS", () => {
    expect(hosting.split(`Content-Security-Policy: ${CONTENT_SECURITY_POLICY}\n`)).toHaveLength(2);
    expect(hosting).toContain(`add_header Content-Security-Policy "${CONTENT_SECURITY_POLICY}" always;`);
    expect(hosting).toContain(`<add name="Content-Security-Policy" value="${CONTENT_SECURITY_POLICY}" />`);
  });
  it("give every other header with its value, for each server", () => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      expect(hosting).toContain(`${name}: ${value}`);
      expect(hosting).toContain(`<add name="${name}" value="${value}" />`);
      if (name !== "Content-Security-Policy") expect(hosting).toContain(`add_header ${name} "${value}" always;`);
    }
  });
  it("allow no inline script and nothing from another origin", () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));
    expect(directives.get("script-src")).not.toContain("'unsafe-inline'");
    expect(directives.get("script-src-attr")).not.toContain("'unsafe-inline'");
    for (const [, sources] of directives) for (const s of sources) expect(s).toMatch(/^'|^data:$/);
    expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
  });
});
