// Framework data loader: prints england-district-month-type.csv, the prepared table "england_district_month_type" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("england_district_month_type", "england-district-month-type.csv");
