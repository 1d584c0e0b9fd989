// Framework data loader: prints knife-series.csv, the prepared table "knife_series" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("knife_series", "knife-series.csv");
