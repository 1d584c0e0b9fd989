// Framework data loader: prints service-coverage.csv, the prepared table "service_coverage" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("service_coverage", "service-coverage.csv");
