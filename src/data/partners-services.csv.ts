// Framework data loader: prints partners/partners-services.csv, the prepared table "partners_services" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("partners_services");
