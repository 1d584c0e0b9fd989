// Framework data loader: prints lsoa-violence.csv, the prepared table "lsoa_violence" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("lsoa_violence");
