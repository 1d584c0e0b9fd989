// Framework data loader: prints lsoa-boundaries.json, the prepared table "lsoa_boundaries" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("lsoa_boundaries", "lsoa-boundaries.json");
