// Framework data loader: prints lsoa-risk-factors.csv, the prepared table "lsoa_risk_factors" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("lsoa_risk_factors");
