// Framework data loader: prints partners/partners-services.csv, the prepared table "partners_services" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("partners_services", "partners/partners-services.csv");
