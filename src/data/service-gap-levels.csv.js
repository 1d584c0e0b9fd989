// Framework data loader: prints service-gap-levels.csv, the prepared table "service_gap_levels" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("service_gap_levels", "service-gap-levels.csv");
