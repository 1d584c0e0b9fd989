// Framework data loader: prints place-mye.csv, the prepared table "place_mye" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("place_mye", "place-mye.csv");
