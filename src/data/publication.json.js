// Framework data loader: prints publication.json, the prepared table "publication" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("publication", "publication.json");
