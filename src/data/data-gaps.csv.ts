// Framework data loader: prints data-gaps.csv, the prepared table "data_gaps" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("data_gaps");
