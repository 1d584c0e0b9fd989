// Framework data loader: prints indicators.json from the prepare step (loaders/prepare/risk-tables.ts).
import {printPrepared} from "../../loaders/prepare/print-prepared.ts";

await printPrepared("indicators.json");
