// Framework data loader: prints homicide-counts.csv, the prepared table "homicide_counts" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("homicide_counts", "homicide-counts.csv");
