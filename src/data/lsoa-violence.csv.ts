// Framework data loader: prints lsoa-violence.csv from the prepare step (loaders/prepare/prepare.ts).
import {printPrepared} from "../../loaders/prepare/print-prepared.ts";

await printPrepared("lsoa-violence.csv");
