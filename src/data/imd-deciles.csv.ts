// Framework data loader: prints imd-deciles.csv, the prepared table "imd_deciles" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("imd_deciles");
