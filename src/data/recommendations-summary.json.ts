// Framework data loader: prints recommendations-summary.json, the prepared table "recommendations_summary" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("recommendations_summary");
