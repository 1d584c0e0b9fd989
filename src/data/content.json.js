// Framework data loader: prints content.json, the prepared table "content" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("content", "content.json");
