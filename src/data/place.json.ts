// Framework data loader: prints place.json, the prepared table "place" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("place");
