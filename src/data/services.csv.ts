// Framework data loader: prints services.csv, the prepared table "services" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("services");
