// Framework data loader: prints partners/partner-records.csv, the prepared table "partner_records" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("partner_records");
