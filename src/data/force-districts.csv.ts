// Framework data loader: prints force-districts.csv, the prepared table "force_districts" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("force_districts");
