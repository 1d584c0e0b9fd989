// Framework data loader: prints concentration.csv from the prepare step (loaders/prepare/prepare.ts).
import {printPrepared} from "../../loaders/prepare/prepare.ts";

await printPrepared("concentration.csv");
