// Framework data loader: prints csp-crime.csv, the prepared table "csp_crime" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("csp_crime");
