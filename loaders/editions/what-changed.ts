/**
 * The prepare step's side of editions: which edition this build is and which it follows (the configuration's
 * `edition` block, else the latest edition of the same area whose window ends before this build's), and the
 * comparison the "What changed" chapter shows: what-changed.json and the edition_changes table.
 */
import {join} from "node:path";
import {TABLES, type Row} from "../../components/tables/registry.ts";
import {diffEditions, type EditionDiff, type EditionView} from "../../components/editions/diff.ts";
import {formatMonthRuns, formatMonth} from "../../components/format/month.ts";
import type {SnaConfig} from "../config/schema.ts";
import type {Manifest} from "../snapshot/manifest.ts";
import {writeTable} from "../prepare/table-schema.ts";
import {writeJson} from "../prepare/write-outputs.ts";
import {EditionError, EDITIONS_DIR, listEditions, readEdition} from "./store.ts";
import {summariseBuild} from "./summary.ts";
import {LSOA_RANKS_KEPT, type EditionMeta} from "./schema.ts";

export interface EditionRef {
  name: string;
  created: string | null;
  window: EditionView["window"];
  follows: string | null;
  months: EditionMeta["months"] | null;
  note: string | null;
  configHash: string;
}

export interface WhatChanged {
  /** This build: the edition name it has in the configuration (null: not named) and the edition it follows. */
  edition: {name: string | null; follows: string | null; window: EditionView["window"]; configHash: string};
  previous: EditionRef | null;
  /** Every edition of this area in editions/, oldest first. */
  editions: {name: string; window: EditionView["window"]; created: string}[];
  /** Why there is no comparison (no earlier edition), or null. */
  reason: string | null;
  diff: EditionDiff | null;
}

/** Today's date (UTC), or SOURCE_DATE_EPOCH's for a reproducible build (as the prepare step dates its tables). */
export function buildDate(): string {
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  return (Number.isFinite(epoch) && process.env.SOURCE_DATE_EPOCH ? new Date(epoch * 1000) : new Date()).toISOString().slice(0, 10);
}

/** The edition a build of `config` with `window` is compared with, from the editions under `root`. */
export function chooseEdition(config: SnaConfig, window: EditionView["window"], root: string = EDITIONS_DIR): {chosen: ReturnType<typeof readEdition> | null; all: ReturnType<typeof readEdition>[]} {
  const all = listEditions(root)
    .map((name) => readEdition(join(root, name)))
    .filter((e) => e.meta.partnership.areaCode === config.area.code)
    .sort((a, b) => a.meta.window.end.localeCompare(b.meta.window.end) || a.meta.created.localeCompare(b.meta.created));
  const wanted = config.edition.compareWith;
  if (wanted) {
    const hit = all.find((e) => e.meta.name === wanted);
    if (!hit) {
      throw new EditionError(`the configuration's edition.compareWith names "${wanted}", but editions/ has no edition of that name for ${config.area.name} (${config.area.code})${all.length ? `; it has ${all.map((e) => e.meta.name).join(", ")}` : ""}. Fix edition.compareWith or make the edition with npm run edition.`);
    }
    return {chosen: hit, all};
  }
  const earlier = all.filter((e) => e.meta.name !== config.edition.name && e.meta.window.end < window.end);
  return {chosen: earlier.at(-1) ?? null, all};
}

const text = (x: unknown): string | null => (x === null || x === undefined ? null : String(x));

/** The comparison as one long table (one row per item compared), for Explore, downloads and content references. */
export function changeRows(w: WhatChanged): Row<typeof TABLES.edition_changes>[] {
  const d = w.diff;
  if (!d) return [];
  const row = (r: Partial<Row<typeof TABLES.edition_changes>> & Pick<Row<typeof TABLES.edition_changes>, "section" | "item" | "status">): Row<typeof TABLES.edition_changes> => ({
    previous: null,
    current: null,
    previous_period: null,
    current_period: null,
    ratio: null,
    lower: null,
    upper: null,
    significant: null,
    ...r
  });
  const rows: Row<typeof TABLES.edition_changes>[] = [];
  const h = d.headline.compared;
  if (h) {
    const finite = (x: number | null) => (x !== null && Number.isFinite(x) ? x : null);
    rows.push(row({section: "headline", item: `${d.headline.current.label}, same months`, status: h.change.significant ? (h.change.ratio! > 1 ? "significant rise" : "significant fall") : "no significant change", previous: String(h.previousCount), current: String(h.currentCount), previous_period: formatMonthRuns(h.previousMonths), current_period: formatMonthRuns(h.currentMonths), ratio: finite(h.change.ratio), lower: finite(h.change.lower), upper: finite(h.change.upper), significant: h.change.significant}));
  }
  for (const m of d.measures) {
    const v = (x: typeof m.previous) => (x ? (x.count !== null ? String(x.count) : x.value !== null ? String(x.value) : (x.note ?? "no data")) : null);
    const finite = (x: number | null | undefined) => (x !== null && x !== undefined && Number.isFinite(x) ? x : null);
    rows.push(row({section: "measure", item: m.measure, status: m.status, previous: v(m.previous), current: v(m.current), previous_period: m.previous?.period ?? null, current_period: m.current?.period ?? null, ratio: finite(m.change?.ratio), lower: finite(m.change?.lower), upper: finite(m.change?.upper), significant: m.change?.significant ?? null}));
  }
  for (const [status, list] of [["entered the top 10", d.neighbourhoods.entering], ["left the top 10", d.neighbourhoods.leaving]] as const) {
    for (const l of list) rows.push(row({section: "neighbourhood", item: `${l.name}${l.ward ? `, ${l.ward}` : ""}`, status, previous: text(l.previousRank), current: text(l.currentRank)}));
  }
  for (const i of d.indicators.moved) rows.push(row({section: "indicator", item: i.name, status: `${i.previous.significance} → ${i.current.significance}`, previous: i.previous.significance, current: i.current.significance, previous_period: i.previous.period, current_period: i.current.period}));
  for (const s of d.sources.changed) rows.push(row({section: "source", item: s.source, status: s.status, previous: s.previous ? `${s.previous.files} files, to ${s.previous.lastPeriod}` : null, current: s.current ? `${s.current.files} files, to ${s.current.lastPeriod}` : null, previous_period: s.previous?.released ?? null, current_period: s.current?.released ?? null}));
  for (const c of d.config) rows.push(row({section: "configuration", item: c.field, status: "changed", previous: c.previous, current: c.current}));
  // An example's owner usually says "(EXAMPLE)" already; otherwise the label is added once.
  const owner = (x: {owner: string; example: boolean}) => `${x.owner}${x.example && !x.owner.includes("(EXAMPLE)") ? " (EXAMPLE)" : ""}`;
  for (const p of d.partners.changed) rows.push(row({section: "partner data", item: p.dataset, status: p.status, previous: p.previous ? owner(p.previous) : null, current: p.current ? owner(p.current) : null, previous_period: p.previous?.period ?? null, current_period: p.current?.period ?? null}));
  for (const r of d.recommendations ?? []) rows.push(row({section: "recommendation", item: r.recommendation || r.id, status: r.moved, previous: null, current: r.detail}));
  return rows;
}

/**
 * The previous edition as a published build (content.showExamples false) compares with it: without its EXAMPLE partner
 * datasets and measures, which this build leaves out, so that no example is reported as "dropped".
 */
function withoutExamples(view: EditionView): EditionView {
  return {...view, figures: {...view.figures, measures: view.figures.measures.filter((m) => !m.example), partners: view.figures.partners.filter((p) => !p.example)}};
}

/** Compares the build in `outDir` with its previous edition and writes what-changed.json and edition-changes.csv. */
export function writeWhatChanged(config: SnaConfig, outDir: string, manifest: Manifest, root: string = EDITIONS_DIR): WhatChanged {
  const summary = summariseBuild(outDir, config, manifest);
  const {chosen, all} = chooseEdition(config, summary.window, root);
  const current: EditionView = {...summary, name: config.edition.name ?? "this build", created: null, follows: chosen?.meta.name ?? null};
  const result: WhatChanged = {
    edition: {name: config.edition.name ?? null, follows: chosen?.meta.name ?? null, window: summary.window, configHash: summary.configHash},
    previous: chosen ? {name: chosen.meta.name, created: chosen.meta.created, window: chosen.meta.window, follows: chosen.meta.follows, months: chosen.meta.months, note: chosen.meta.note, configHash: chosen.meta.configHash} : null,
    editions: all.map((e) => ({name: e.meta.name, window: e.meta.window, created: e.meta.created})),
    reason: chosen ? null : `editions/ holds no edition of ${config.area.name} (${config.area.code}) whose window ends before this build's (${formatMonth(summary.window.end)})${all.length ? `: it has ${all.map((e) => e.meta.name).join(", ")}` : ""}`,
    diff: chosen ? diffEditions(config.content.showExamples ? chosen.view : withoutExamples(chosen.view), current, LSOA_RANKS_KEPT) : null
  };
  writeJson(join(outDir, TABLES.what_changed.file), result);
  writeTable(outDir, TABLES.edition_changes, changeRows(result));
  return result;
}
