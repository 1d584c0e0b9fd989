// Framework data loader: prints partnership.json, the prepared table "partnership" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("partnership");
