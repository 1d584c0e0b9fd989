// Framework data loader: prints lsoa-month-type.arrow, the prepared table "lsoa_month_type" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("lsoa_month_type");
