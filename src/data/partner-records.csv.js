// Framework data loader: prints partners/partner-records.csv, the prepared table "partner_records" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("partner_records", "partners/partner-records.csv");
