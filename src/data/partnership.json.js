// Framework data loader: prints partnership.json, the prepared table "partnership" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("partnership", "partnership.json");
