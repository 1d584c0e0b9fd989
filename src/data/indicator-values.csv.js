// Framework data loader: prints indicator-values.csv, the prepared table "indicator_values" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("indicator_values", "indicator-values.csv");
