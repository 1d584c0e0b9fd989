import {describe, expect, it} from "vitest";
import {headerPersonalData, isValidNhsNumber, looksLikeFreeText, looksLikePersonName, valuePersonalData} from "../../loaders/partners/personal-data.ts";
import {parseAgeBand, parseArea, parseCount, parseDate, parseMonth, parsePeriod, parseSex, parseTime, Problem, isTotalLabel} from "../../loaders/partners/values.ts";
import {BAD_CHECKSUM, inFormat} from "../helpers/partner-corpus.ts";

describe("NHS number check digit (modulus 11)", () => {
  it("accepts valid numbers and rejects a wrong check digit", () => {
    expect(isValidNhsNumber("9434765919")).toBe(true); // NHS Digital's documented example
    expect(isValidNhsNumber("4010232137")).toBe(true);
    for (const n of BAD_CHECKSUM) expect(isValidNhsNumber(n), n).toBe(false);
    expect(isValidNhsNumber("1111111111")).toBe(false); // repeated digits
    expect(isValidNhsNumber("943476591")).toBe(false);
  });
});

describe("personal data in values", () => {
  it("finds NHS numbers written three ways, but not inside longer numbers or codes", () => {
    for (const v of ["943 476 5919", "943-476-5919", "9434765919", "ref 9434765919 seen"]) expect(valuePersonalData(v), v).toBe("nhs-number");
    for (const v of ["19434765919", "9434765919.5", "a9434765919", "E01015109"]) expect(valuePersonalData(v), v).toBeNull();
  });
  it("finds full postcodes, emails and UK phone numbers; not postcode districts or dates", () => {
    expect(valuePersonalData("PL1 2AB")).toBe("postcode");
    expect(valuePersonalData("pl12ab")).toBe("postcode");
    expect(valuePersonalData("someone@nhs.net")).toBe("email");
    expect(valuePersonalData("07700 900123")).toBe("phone");
    expect(valuePersonalData("+44 7700 900123")).toBe("phone");
    expect(valuePersonalData("01752 668000")).toBe("phone");
    for (const v of ["PL1", "PL1 2", "2025-01-03", "03/01/2025", "23:40", "1,234", "Plymouth 001A"]) expect(valuePersonalData(v), v).toBeNull();
  });
  it("recognises names and free text", () => {
    expect(looksLikePersonName("John Smith")).toBe(true);
    expect(looksLikePersonName("Mrs A Jones")).toBe(true);
    expect(looksLikePersonName("Street or public place")).toBe(false);
    expect(looksLikePersonName("Derriford")).toBe(false);
    expect(looksLikeFreeText("Patient says she was hit by her ex partner outside the flat")).toBe(true);
    expect(looksLikeFreeText("Knife or sharp object")).toBe(false);
  });
  it("recognises headers that announce personal data", () => {
    expect(headerPersonalData("Date of Birth (DD/MM/YYYY)")).toBe("date-of-birth");
    expect(headerPersonalData("DOB")).toBe("date-of-birth");
    expect(headerPersonalData("NHS No.")).toBe("nhs-number");
    expect(headerPersonalData("Patient Surname")).toBe("name");
    expect(headerPersonalData("Home postcode")).toBe("postcode");
    expect(headerPersonalData("Postcode district")).toBeNull();
    expect(headerPersonalData("Mobile")).toBe("phone");
    expect(headerPersonalData("E-mail")).toBe("email");
    expect(headerPersonalData("Clinician notes")).toBe("free-text");
    expect(headerPersonalData("Crime reference number")).toBe("identifier");
    expect(headerPersonalData("Site")).toBeNull();
  });
});

describe("value parsers", () => {
  it("reads dates in four formats (and Excel dates) to ISO", () => {
    for (let f = 0; f < 4; f++) expect(parseDate(inFormat("2025-03-14", f)), String(f)).toBe("2025-03-14");
    expect(parseDate(new Date(Date.UTC(2025, 2, 14)))).toBe("2025-03-14");
    expect(parseDate(45730)).toBe("2025-03-14");
    expect(parseDate("14 March 2025")).toBe("2025-03-14");
    expect(parseDate("")).toBeNull();
    expect(parseDate("03/14/2025")).toBeInstanceOf(Problem);
    expect(parseDate("31/02/2025")).toBeInstanceOf(Problem);
  });
  it("reads months, periods and times", () => {
    expect(parseMonth("Mar-2025")).toBe("2025-03");
    expect(parseMonth("03/2025")).toBe("2025-03");
    expect(parseMonth("2025-03-14")).toBe("2025-03");
    expect(parsePeriod("2024-25")).toBe("2024/25");
    expect(parsePeriod("2024/2025 q1")).toBe("2024/25 Q1");
    expect(parsePeriod(2024)).toBe("2024");
    expect(parsePeriod("2024/26")).toBeInstanceOf(Problem);
    expect(parseTime("9:05")).toBe("09:05");
    expect(parseTime(0.5)).toBe("12:00");
    expect(parseTime("2340")).toBe("23:40");
    expect(parseTime("25:00")).toBeInstanceOf(Problem);
  });
  it("reads counts with thousands separators and partner suppression markers", () => {
    expect(parseCount("1,234")).toEqual({value: 1234});
    expect(parseCount("1 234")).toEqual({value: 1234});
    expect(parseCount(17)).toEqual({value: 17});
    for (const s of ["<5", "< 5", "*", "c", "[x]"]) expect(parseCount(s), s).toEqual({value: null});
    expect(parseCount("12.5")).toBeInstanceOf(Problem);
    expect(parseCount(-1)).toBeInstanceOf(Problem);
  });
  it("normalises age bands and refuses exact ages as personal data", () => {
    expect(parseAgeBand("18 to 24")).toBe("18-24");
    expect(parseAgeBand("18\u201324 years")).toBe("18-24");
    expect(parseAgeBand("65 and over")).toBe("65+");
    expect(parseAgeBand("Under 18")).toBe("0-17");
    const exact = parseAgeBand("23");
    expect(exact).toBeInstanceOf(Problem);
    expect((exact as Problem).personal).toBe(true);
  });
  it("normalises sex and areas; refuses full postcodes as areas", () => {
    expect(parseSex("M")).toBe("Male");
    expect(parseSex("unknown")).toBe("Not known");
    expect(parseSex("Alien")).toBeInstanceOf(Problem);
    expect(parseArea("e01015109")).toEqual({code: "E01015109", kind: "LSOA 2021"});
    expect(parseArea("PL4")).toEqual({code: "PL4", kind: "postcode district"});
    expect(parseArea("PL1 2AB")).toBeInstanceOf(Problem);
  });
  it("recognises totals labels", () => {
    expect(isTotalLabel("Grand Total")).toBe(true);
    expect(isTotalLabel("All ages")).toBe(true);
    expect(isTotalLabel("Male")).toBe(false);
  });
});
