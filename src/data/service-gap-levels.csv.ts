// Framework data loader: prints service-gap-levels.csv, the prepared table "service_gap_levels" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("service_gap_levels");
