// Framework data loader: prints lsoa-boundaries.json from the prepare step (loaders/prepare/prepare.ts).
import {printPrepared} from "../../loaders/prepare/print-prepared.ts";

await printPrepared("lsoa-boundaries.json");
