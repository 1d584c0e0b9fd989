// Framework data loader: prints place.json from the prepare step (loaders/ons/place.ts via loaders/prepare/prepare.ts).
import {printPrepared} from "../../loaders/prepare/print-prepared.ts";

await printPrepared("place.json");
