import {readFileSync} from "node:fs";
import {resolve} from "node:path";
import {describe, expect, it} from "vitest";
import {parseConfig} from "../../loaders/config/load-config.ts";
import {footerStyle, footerText, cssString, pageHead} from "../../loaders/pack/print-head.ts";
import {leadOrganisation, publication, publishedContacts, snapshotId} from "../../loaders/pack/publication.ts";
import {longDate, statementContact} from "../../components/pack/accessibility.ts";
import plymouth from "../../sna.config.ts";
import surrey from "../../configs/surrey.ts";
import {configErrorOf} from "../helpers/config.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const manifestBytes = readFileSync(resolve(ROOT, "data/snapshot/manifest.json"));
const window = {start: "2025-01", end: "2025-12"};

describe("publication: how the printed pages, the pack and the statement name the SNA", () => {
  it("names Plymouth's lead organisation from its role, and says to contact it when no accessibility contact is set", () => {
    const pub = publication(parseConfig(plymouth), {manifestBytes, window, preparedOn: "2026-12-06"});
    expect(pub.leadOrganisation).toBe("Plymouth City Council");
    expect(pub.edition).toBe("2025 edition");
    expect(pub.snaPeriod.label).toBe("Jan 2025 to Dec 2025");
    expect(pub.accessibility.contact).toBeNull();
    expect(pub.accessibility.missing).toContain("contact the partnership's lead organisation, Plymouth City Council");
    expect(pub.accessibility.missing).toContain("set accessibility: {organisation, email}");
    expect(pub.accessibility.reviewed).toBe("2026-12-06");
    expect(pub.packChapters).toBeNull();
  });

  it("takes the first organisation when none is marked lead, and Surrey's edition and chapters from its configuration", () => {
    expect(leadOrganisation([{name: "A Council", role: "Local authority"}, {name: "B Police", role: "Police"}])).toBe("A Council");
    expect(leadOrganisation([{name: "A", role: "Police"}, {name: "B", role: "Lead for the SNA"}])).toBe("B");
    expect(leadOrganisation([])).toBeNull();
    const cfg = parseConfig({...surrey, pack: {chapters: ["index", "violence-profile"], edition: "Draft for the May board"}});
    const pub = publication(cfg, {manifestBytes, window, preparedOn: "2026-12-06"});
    expect(pub.edition).toBe("Draft for the May board");
    expect(pub.packChapters).toEqual(["index", "violence-profile"]);
  });

  it("gives the same snapshot id for the same manifest and another for a changed one", () => {
    expect(snapshotId(manifestBytes)).toMatch(/^[0-9a-f]{12}$/);
    expect(snapshotId(manifestBytes)).toBe(snapshotId(Buffer.from(manifestBytes)));
    expect(snapshotId(Buffer.concat([manifestBytes, Buffer.from(" ")]))).not.toBe(snapshotId(manifestBytes));
  });

  it("publishes the configured contact, which the disclosure audit then allows", () => {
    const cfg = parseConfig({...plymouth, accessibility: {organisation: "Community Safety Team", email: "community.safety@plymouth.gov.uk", phone: "01752 668000", reviewed: "2026-11-30"}});
    const pub = publication(cfg, {manifestBytes, window, preparedOn: "2026-12-06"});
    expect(pub.accessibility.missing).toBeNull();
    expect(pub.accessibility.reviewed).toBe("2026-11-30");
    expect(publishedContacts(cfg)).toEqual(["community.safety@plymouth.gov.uk", "01752 668000"]);
    expect(statementContact(pub)).toEqual({who: "Community Safety Team", ways: [["Email", "community.safety@plymouth.gov.uk"], ["Telephone", "01752 668000"]], missing: null});
  });

  it("refuses an accessibility block with no way to ask, a bad address or date, and a bad pack block, naming the field", () => {
    expect(configErrorOf({...plymouth, accessibility: {organisation: "Community Safety Team"}})).toContain("give at least one way to ask: email, phone or url");
    expect(configErrorOf({...plymouth, accessibility: {organisation: "Team", email: "not an address"}})).toContain("accessibility.email");
    expect(configErrorOf({...plymouth, accessibility: {organisation: "Team", url: "http://x.example/", reviewed: "30/11/2026"}})).toContain("accessibility.reviewed");
    expect(configErrorOf({...plymouth, pack: {chapters: ["place", "place"]}})).toContain("a chapter is listed twice");
    expect(configErrorOf({...plymouth, pack: {chapters: ["Violence Profile"]}})).toContain("pack.chapters.0");
    expect(configErrorOf({...plymouth, pack: {colour: "red"}})).toContain("pack");
  });
});

describe("the accessibility statement's contact", () => {
  it("falls back to the lead organisation with the configured message", () => {
    const c = statementContact({partnership: "Safer Plymouth", leadOrganisation: "Plymouth City Council", accessibility: {contact: null, missing: "No contact: contact Plymouth City Council.", reviewed: "2026-12-06"}});
    expect(c).toEqual({who: "Plymouth City Council", ways: [], missing: "No contact: contact Plymouth City Council."});
  });

  it("writes dates as the model statement does, and refuses anything else", () => {
    expect(longDate("2026-12-06")).toBe("6 December 2026");
    expect(() => longDate("06/12/2026")).toThrow(/YYYY-MM-DD/);
  });
});

describe("the printed page's running footer", () => {
  it("names partnership, chapter, build date and edition", () => {
    expect(footerText({partnership: "Safer Plymouth", edition: "2025 edition"}, "Violence profile", new Date("2026-12-06T10:00:00Z"))).toBe("Safer Plymouth · Violence profile · built 6 Dec 2026 · 2025 edition");
    expect(footerText(null, "Overview", new Date("2026-01-31T23:00:00Z"))).toBe("SNA Workbench · Overview · built 31 Jan 2026");
  });

  it("escapes the text for CSS inside an HTML <style>", () => {
    expect(cssString('A "quoted" \\ name</style><script>')).toBe('"A \\"quoted\\" \\\\ name\\3c /style>\\3c script>"');
    const style = footerStyle("Partnership </style> · Overview");
    expect(style.match(/<\/style>/g)).toHaveLength(1);
    expect(style).toContain("@bottom-left");
  });

  it("puts the footer, the icon and the print module in every page's head", () => {
    const head = pageHead({title: "Place and population"});
    expect(head).toContain('<link rel="icon" href="data:,">');
    expect(head).toContain("Place and population");
    expect(head).toContain('<script type="module" src="./components/pack/print.js"></script>');
  });
});
