// Framework data loader: prints service-gap-hotspots.csv, the prepared table "service_gap_hotspots" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("service_gap_hotspots", "service-gap-hotspots.csv");
