/**
 * The district control of the chapters that have no period or definition to choose (Place and population, Risk
 * factors): the whole area or one of its districts, kept in the URL as `?district=E07000209`, the same parameter as
 * the other live chapters' (./live-page.ts), so that a shared link reopens the same view.
 */
import {districtNotice} from "../components/live/selection.js";
import {replaceSearch} from "./address-bar.js";

interface InputsLike {
  form(inputs: Record<string, HTMLElement>): HTMLElement;
  select(values: readonly (string | null)[], options: {label: string; value: string | null; format: (v: string | null) => string}): HTMLElement;
}
interface District {
  code: string;
  name: string;
}

/** The district a link asks for (null: the whole area), and, when it is not one of the area's, the sentence that says so. */
export function districtFromUrl(districts: readonly District[], area: string): {district: string | null; problems: string[]} {
  const code = new URLSearchParams(location.search).get("district");
  if (code === null || districts.length < 2) return {district: null, problems: []};
  return districts.some((d) => d.code === code) ? {district: code, problems: []} : {district: null, problems: [districtNotice(code, area)]};
}

/** Writes the district into the address bar (removed for the whole area), keeping every other parameter. */
export function keepDistrictInUrl(district: string | null): string {
  const q = new URLSearchParams(location.search);
  if (district) q.set("district", district);
  else q.delete("district");
  const search = q.toString() ? `?${q}` : "";
  replaceSearch(search);
  return search;
}

/** The district control: the whole area or one of its districts. */
export function districtControl(Inputs: InputsLike, area: string, districts: readonly District[], initial: string | null): HTMLElement {
  const name = new Map(districts.map((d) => [d.code, d.name]));
  return Inputs.form({district: Inputs.select([null, ...districts.map((d) => d.code)], {label: "District", value: initial, format: (c) => (c ? (name.get(c) ?? c) : `All of ${area}`)})});
}
