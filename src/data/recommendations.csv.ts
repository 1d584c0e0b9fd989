// Framework data loader: prints recommendations.csv, the prepared table "recommendations" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("recommendations");
