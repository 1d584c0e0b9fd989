// Framework data loader: prints data-gaps.csv, the prepared table "data_gaps" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("data_gaps", "data-gaps.csv");
