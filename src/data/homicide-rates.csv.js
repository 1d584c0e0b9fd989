// Framework data loader: prints homicide-rates.csv, the prepared table "homicide_rates" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("homicide_rates", "homicide-rates.csv");
