// Framework data loader: prints content.json, the prepared table "content" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("content");
