// Framework data loader: prints england-districts.csv from the prepare step (loaders/prepare/prepare.ts).
import {printPrepared} from "../../loaders/prepare/print-prepared.ts";

await printPrepared("england-districts.csv");
