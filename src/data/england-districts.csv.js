// Framework data loader: prints england-districts.csv, the prepared table "england_districts" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("england_districts", "england-districts.csv");
