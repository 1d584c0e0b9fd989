// Framework data loader: prints indicators.json, the prepared table "indicators" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("indicators");
