// Framework data loader: prints force-districts.csv, the prepared table "force_districts" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("force_districts", "force-districts.csv");
