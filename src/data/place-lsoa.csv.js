// Framework data loader: prints place-lsoa.csv, the prepared table "place_lsoa" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("place_lsoa", "place-lsoa.csv");
