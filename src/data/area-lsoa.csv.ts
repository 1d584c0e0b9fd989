// Framework data loader: prints area-lsoa.csv, the prepared table "area_lsoa" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("area_lsoa");
