// Framework data loader: prints indicator-values.csv, the prepared table "indicator_values" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("indicator_values");
