/**
 * The partnership this build describes. Default: Safer Plymouth (Plymouth unitary authority, Devon & Cornwall Police).
 * Build another partnership with SNA_CONFIG=configs/surrey.ts npm run build. Every field is checked by
 * loaders/config/schema.ts when the build starts; an error names the field and the fix.
 */
import {defineConfig} from "./loaders/config/schema.ts";

export default defineConfig({
  partnership: {
    name: "Safer Plymouth",
    organisations: [
      {name: "Plymouth City Council", role: "Local authority (lead for the needs assessment)"},
      {name: "Devon & Cornwall Police", role: "Police"},
      {name: "NHS Devon Integrated Care Board", role: "Health"},
      {name: "Devon & Somerset Fire and Rescue Service", role: "Fire and rescue"},
      {name: "Plymouth Youth Justice Service", role: "Youth justice"},
      {name: "Probation Service (South West)", role: "Probation"}
    ]
  },
  area: {code: "E06000026", name: "Plymouth", kind: "unitary authority"},
  districts: [{code: "E06000026", name: "Plymouth"}],
  // Illustrative comparators (similar urban unitary authorities with complete police.uk 2025 data).
  // Replace with the CIPFA nearest neighbours your partnership uses.
  comparators: [
    {code: "E06000044", name: "Portsmouth"},
    {code: "E06000045", name: "Southampton"},
    {code: "E06000027", name: "Torbay"}
  ],
  forces: [{id: "devon-and-cornwall", name: "Devon & Cornwall Police", pfaCode: "E23000035"}],
  // Leave months empty to analyse the latest 12 months in the snapshot.
  months: {},
  seriousViolence: {
    label: "Serious violence (police.uk proxy)",
    crimeTypes: ["Violence and sexual offences", "Robbery", "Possession of weapons"]
  },
  // The partnership's own measures, tracked on the Success measures page beside the three Home Office measures.
  successMeasures: {
    local: [
      {
        name: "Possession of weapons offences (police.uk)",
        table: "area_monthly",
        where: {crime_type: "Possession of weapons"},
        polarity: "low-is-good",
        baseline: {from: "2024-01", to: "2024-04"},
        source: "police.uk street-level crime"
      },
      {
        name: "Robbery (police.uk)",
        table: "area_monthly",
        where: {crime_type: "Robbery"},
        polarity: "low-is-good",
        baseline: {from: "2024-01", to: "2024-04"},
        source: "police.uk street-level crime"
      }
    ]
  },
  smallNumberThreshold: 5
});
