/** Links that open the SQL console with a query (src/lib/explore-link.ts). */
import {describe, expect, it} from "vitest";
import {exploreHref, sqlFromUrl} from "../../src/lib/explore-link.ts";

const at = (href: string) => new URL(href, "http://127.0.0.1/sna/");

describe("a query in a link to Explore", () => {
  const sql = "SELECT month, sum(count) AS n\nFROM area_monthly\nWHERE crime_type = 'Robbery' AND count > 0 -- 100% & more\nGROUP BY month";
  it("goes there and back unchanged: new lines, quotes, #, & and + included", () => {
    const href = exploreHref(`${sql} # x + y`);
    expect(href).toMatch(/^explore#sql=/);
    expect(href.slice("explore#sql=".length)).not.toMatch(/[\s#&+]/);
    expect(sqlFromUrl(at(href))).toBe(`${sql} # x + y`);
    expect(sqlFromUrl(at(exploreHref(sql, "../explore")))).toBe(sql);
  });
  it("is read from ?sql= too, and #sql= wins over it", () => {
    expect(sqlFromUrl(at(`explore?sql=${encodeURIComponent("SELECT 1")}`))).toBe("SELECT 1");
    expect(sqlFromUrl(at(`explore?sql=SELECT%201#sql=SELECT%202`))).toBe("SELECT 2");
  });
  it("is absent from a plain link, a table-of-contents anchor or an empty one", () => {
    for (const href of ["explore", "explore#tables", "explore#sql=", "explore?sql=%20%20"]) expect(sqlFromUrl(at(href)), href).toBeNull();
  });
});
