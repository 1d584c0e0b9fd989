// Framework data loader: prints area-lsoa.csv, the prepared table "area_lsoa" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("area_lsoa", "area-lsoa.csv");
