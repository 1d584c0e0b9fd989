/** Surrey: a county (E10000030) of 11 districts and boroughs, Surrey Police. SNA_CONFIG=configs/surrey.ts npm run build */
import {defineConfig} from "../loaders/config/schema.ts";

export default defineConfig({
  partnership: {
    name: "Surrey Serious Violence Duty partnership",
    organisations: [
      {name: "Surrey County Council", role: "Local authority (county; public health lead)"},
      {name: "Surrey's 11 district and borough councils", role: "Local authorities (districts)"},
      {name: "Surrey Police", role: "Police"},
      {name: "NHS Surrey Heartlands and Frimley ICBs", role: "Health"},
      {name: "Surrey Fire and Rescue Service", role: "Fire and rescue"},
      {name: "Surrey Youth Justice Service", role: "Youth justice"},
      {name: "Probation Service (Kent, Surrey and Sussex)", role: "Probation"},
      {name: "Surrey Office for Data Analytics", role: "Analysis"}
    ]
  },
  area: {code: "E10000030", name: "Surrey", kind: "county"},
  districts: [
    {code: "E07000207", name: "Elmbridge"},
    {code: "E07000208", name: "Epsom and Ewell"},
    {code: "E07000209", name: "Guildford"},
    {code: "E07000210", name: "Mole Valley"},
    {code: "E07000211", name: "Reigate and Banstead"},
    {code: "E07000212", name: "Runnymede"},
    {code: "E07000213", name: "Spelthorne"},
    {code: "E07000214", name: "Surrey Heath"},
    {code: "E07000215", name: "Tandridge"},
    {code: "E07000216", name: "Waverley"},
    {code: "E07000217", name: "Woking"}
  ],
  // Illustrative comparators: other two-tier shire counties' districts are compared within the England set.
  comparators: [],
  forces: [{id: "surrey", name: "Surrey Police", pfaCode: "E23000031"}],
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
