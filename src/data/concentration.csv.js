// Framework data loader: prints concentration.csv, the prepared table "concentration" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("concentration", "concentration.csv");
