// Framework data loader: prints evidence.csv, the prepared table "evidence" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("evidence", "evidence.csv");
