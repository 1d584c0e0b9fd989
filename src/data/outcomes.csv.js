// Framework data loader: prints outcomes.csv, the prepared table "outcomes" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("outcomes", "outcomes.csv");
