// Framework data loader: prints district-indicator-values.csv, the prepared table "district_indicator_values" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("district_indicator_values", "district-indicator-values.csv");
