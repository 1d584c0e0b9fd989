// Framework data loader: prints lsoa-month-type.arrow from the prepare step (loaders/prepare/prepare.ts).
import {printPrepared} from "../../loaders/prepare/print-prepared.ts";

await printPrepared("lsoa-month-type.arrow");
