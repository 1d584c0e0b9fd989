// Framework data loader: prints knife-by-offence.csv, the prepared table "knife_by_offence" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("knife_by_offence", "knife-by-offence.csv");
