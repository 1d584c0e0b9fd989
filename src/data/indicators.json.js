// Framework data loader: prints indicators.json, the prepared table "indicators" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("indicators", "indicators.json");
