// Framework data loader: prints recommendation-monitoring.csv, the prepared table "recommendation_monitoring" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("recommendation_monitoring");
