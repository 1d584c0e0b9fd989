// Framework data loader: prints lsoa-violence.csv, the prepared table "lsoa_violence" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("lsoa_violence", "lsoa-violence.csv");
