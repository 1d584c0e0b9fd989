// Framework data loader: prints partners/partners-report.json, the prepared table "partners_report" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("partners_report");
