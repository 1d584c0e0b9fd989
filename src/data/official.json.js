// Framework data loader: prints official.json, the prepared table "official" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("official", "official.json");
