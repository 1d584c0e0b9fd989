// Framework data loader: prints area-monthly.csv, the prepared table "area_monthly" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("area_monthly");
