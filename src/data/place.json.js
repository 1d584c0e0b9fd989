// Framework data loader: prints place.json, the prepared table "place" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("place", "place.json");
