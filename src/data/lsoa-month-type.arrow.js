// Framework data loader: prints lsoa-month-type.arrow, the prepared table "lsoa_month_type" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("lsoa_month_type", "lsoa-month-type.arrow");
