// Framework data loader: prints evidence.csv, the prepared table "evidence" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("evidence");
