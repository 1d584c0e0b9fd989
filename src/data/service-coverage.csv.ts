// Framework data loader: prints service-coverage.csv, the prepared table "service_coverage" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("service_coverage");
