// Framework data loader: prints what-changed.json, the prepared table "what_changed" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("what_changed", "what-changed.json");
