// Framework data loader: prints lsoa-risk-factors.csv from the prepare step (loaders/ons/place.ts via loaders/prepare/prepare.ts).
import {printPrepared} from "../../loaders/prepare/print-prepared.ts";

await printPrepared("lsoa-risk-factors.csv");
