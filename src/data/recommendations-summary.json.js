// Framework data loader: prints recommendations-summary.json, the prepared table "recommendations_summary" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("recommendations_summary", "recommendations-summary.json");
