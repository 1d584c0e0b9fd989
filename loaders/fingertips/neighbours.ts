/**
 * CIPFA nearest neighbours, the similar-area lists councils often benchmark against, from Fingertips at refresh
 * (`areas/by_parent_area_code?parent_area_code=nn-1-<code>`). Stored in the snapshot as
 * fingertips/cipfa-neighbours-<code>.json with a manifest entry; the offline build uses them when present, beside the
 * nearest neighbours computed from ONS data (loaders/ons/nearest-neighbours.ts).
 */
import {existsSync, mkdirSync, readFileSync, renameSync, writeFileSync} from "node:fs";
import {dirname, join} from "node:path";
import {z} from "zod";
import {SOURCE_NAMES} from "../../components/constants.js";
import {readManifest, upsertEntries, writeManifest} from "../snapshot/manifest.ts";
import {sha256} from "./snapshot.ts";
import type {IndicatorSource} from "./source.ts";

export const cipfaNeighboursSchema = z.object({
  area: z.string(),
  areaTypeId: z.number().int(),
  source: z.string(),
  retrieved: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  neighbours: z.array(z.object({code: z.string(), name: z.string()}))
});
export type CipfaNeighbours = z.infer<typeof cipfaNeighboursSchema>;

export const cipfaPath = (code: string): string => `fingertips/cipfa-neighbours-${code}.json`;

/** Fingertips area type of a partnership: 502 counties and unitary authorities, 501 districts and unitaries. */
export const areaTypeFor = (kind: string): number => (kind === "district" ? 501 : 502);

/** The stored list for the area, or null when the snapshot has none (it comes with the refresh). */
export function readCipfaNeighbours(snapshotDir: string, code: string): CipfaNeighbours | null {
  const path = join(snapshotDir, cipfaPath(code));
  if (!existsSync(path)) return null;
  const parsed = cipfaNeighboursSchema.safeParse(JSON.parse(readFileSync(path, "utf-8")));
  if (!parsed.success) throw new Error(`${path}: not a CIPFA neighbour list (${parsed.error.issues[0]?.message}); delete it and run the Fingertips refresh again.`);
  return parsed.data;
}

/** Fetches the area's CIPFA neighbours and writes them (temporary file, then rename) with a manifest entry. */
export async function refreshCipfaNeighbours(source: IndicatorSource, area: {code: string; kind: string}, snapshotDir: string, today: string): Promise<CipfaNeighbours> {
  const areaTypeId = areaTypeFor(area.kind);
  const list = await source.nearestNeighbours(area.code, areaTypeId);
  const record: CipfaNeighbours = {
    area: area.code,
    areaTypeId,
    source: `Fingertips areas/by_parent_area_code?area_type_id=${areaTypeId}&parent_area_code=nn-1-${area.code}`,
    retrieved: today,
    neighbours: list.map((a) => ({code: a.Code, name: a.Name}))
  };
  if (!record.neighbours.length) throw new Error(`Fingertips returned no CIPFA neighbours for ${area.code} (area type ${areaTypeId}); the previous list, if any, is kept.`);
  const rel = cipfaPath(area.code);
  const path = join(snapshotDir, rel);
  mkdirSync(dirname(path), {recursive: true});
  const text = `${JSON.stringify(record, null, 2)}\n`;
  writeFileSync(`${path}.tmp-${process.pid}`, text);
  renameSync(`${path}.tmp-${process.pid}`, path);
  const manifestPath = join(snapshotDir, "manifest.json");
  writeManifest(
    upsertEntries(readManifest(manifestPath), [
      {
        path: rel,
        source: "fingertips",
        title: `CIPFA nearest neighbours of ${area.code}`,
        publisher: `${SOURCE_NAMES.fingertipsPublisher}; CIPFA`,
        licence: "CIPFA nearest neighbours model, as published in Fingertips",
        origin: record.source,
        period: today.slice(0, 4),
        retrieved: today,
        sha256: sha256(Buffer.from(text)),
        bytes: Buffer.byteLength(text)
      }
    ]),
    manifestPath
  );
  return record;
}
