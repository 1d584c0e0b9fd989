// Framework data loader: prints indicator-values.csv from the prepare step (loaders/prepare/risk-tables.ts).
import {printPrepared} from "../../loaders/prepare/print-prepared.ts";

await printPrepared("indicator-values.csv");
