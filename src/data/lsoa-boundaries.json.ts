// Framework data loader: prints lsoa-boundaries.json, the prepared table "lsoa_boundaries" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("lsoa_boundaries");
