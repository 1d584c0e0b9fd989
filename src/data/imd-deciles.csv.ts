// Framework data loader: prints imd-deciles.csv from the prepare step (loaders/prepare/prepare.ts).
import {printPrepared} from "../../loaders/prepare/print-prepared.ts";

await printPrepared("imd-deciles.csv");
