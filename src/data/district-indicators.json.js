// Framework data loader: prints district-indicators.json, the prepared table "district_indicators" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("district_indicators", "district-indicators.json");
