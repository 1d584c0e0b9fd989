// Framework data loader: prints homicide-rates.csv, the prepared table "homicide_rates" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("homicide_rates");
