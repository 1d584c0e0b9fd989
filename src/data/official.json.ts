// Framework data loader: prints official.json, the prepared table "official" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("official");
