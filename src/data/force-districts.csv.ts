// Framework data loader: prints force-districts.csv from the prepare step (loaders/prepare/prepare.ts).
import {printPrepared} from "../../loaders/prepare/print-prepared.ts";

await printPrepared("force-districts.csv");
