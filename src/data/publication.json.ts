// Framework data loader: prints publication.json, the prepared table "publication" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("publication");
