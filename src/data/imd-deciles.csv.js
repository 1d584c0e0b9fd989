// Framework data loader: prints imd-deciles.csv, the prepared table "imd_deciles" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("imd_deciles", "imd-deciles.csv");
