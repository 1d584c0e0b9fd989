// Framework data loader: prints crimes.arrow, the prepared table "crimes" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("crimes", "crimes.arrow");
