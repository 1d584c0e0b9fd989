// Framework data loader: prints partners/partners-report.json, the prepared table "partners_report" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("partners_report", "partners/partners-report.json");
