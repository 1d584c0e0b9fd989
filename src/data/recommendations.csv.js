// Framework data loader: prints recommendations.csv, the prepared table "recommendations" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("recommendations", "recommendations.csv");
