// Framework data loader: prints partnership.json from the prepare step (loaders/prepare/prepare.ts).
import {printPrepared} from "../../loaders/prepare/print-prepared.ts";

await printPrepared("partnership.json");
