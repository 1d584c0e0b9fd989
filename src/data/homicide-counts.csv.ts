// Framework data loader: prints homicide-counts.csv, the prepared table "homicide_counts" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("homicide_counts");
