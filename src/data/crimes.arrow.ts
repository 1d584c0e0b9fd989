// Framework data loader: prints crimes.arrow from the prepare step (loaders/prepare/prepare.ts).
import {printPrepared} from "../../loaders/prepare/print-prepared.ts";

await printPrepared("crimes.arrow");
