// Framework data loader: prints what-changed.json, the prepared table "what_changed" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("what_changed");
