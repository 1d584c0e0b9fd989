// Framework data loader: prints england-districts.csv, the prepared table "england_districts" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("england_districts");
