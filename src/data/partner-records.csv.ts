// Framework data loader: prints partners/partner-records.csv from the prepare step (loaders/partners via loaders/prepare/prepare.ts).
import {printPrepared} from "../../loaders/prepare/print-prepared.ts";

await printPrepared("partners/partner-records.csv");
