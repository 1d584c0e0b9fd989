// Framework data loader: prints crimes.arrow, the prepared table "crimes" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("crimes");
