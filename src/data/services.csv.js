// Framework data loader: prints services.csv, the prepared table "services" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("services", "services.csv");
