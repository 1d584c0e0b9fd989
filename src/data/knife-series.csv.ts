// Framework data loader: prints knife-series.csv, the prepared table "knife_series" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("knife_series");
