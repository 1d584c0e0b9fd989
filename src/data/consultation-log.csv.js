// Framework data loader: prints consultation-log.csv, the prepared table "consultation_log" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("consultation_log", "consultation-log.csv");
