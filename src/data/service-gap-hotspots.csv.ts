// Framework data loader: prints service-gap-hotspots.csv, the prepared table "service_gap_hotspots" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("service_gap_hotspots");
