// Framework data loader: prints recommendation-monitoring.csv, the prepared table "recommendation_monitoring" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("recommendation_monitoring", "recommendation-monitoring.csv");
