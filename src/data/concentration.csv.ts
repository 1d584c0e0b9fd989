// Framework data loader: prints concentration.csv, the prepared table "concentration" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("concentration");
