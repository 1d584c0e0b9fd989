// Framework data loader: prints partners/partners-report.json from the prepare step (loaders/partners via loaders/prepare/prepare.ts).
import {printPrepared} from "../../loaders/prepare/print-prepared.ts";

await printPrepared("partners/partners-report.json");
