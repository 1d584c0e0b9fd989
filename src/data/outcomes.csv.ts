// Framework data loader: prints outcomes.csv, the prepared table "outcomes" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("outcomes");
