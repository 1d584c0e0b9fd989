// Framework data loader: prints area-monthly.csv, the prepared table "area_monthly" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("area_monthly", "area-monthly.csv");
