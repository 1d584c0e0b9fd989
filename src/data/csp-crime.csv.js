// Framework data loader: prints csp-crime.csv, the prepared table "csp_crime" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("csp_crime", "csp-crime.csv");
