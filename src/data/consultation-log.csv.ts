// Framework data loader: prints consultation-log.csv, the prepared table "consultation_log" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("consultation_log");
