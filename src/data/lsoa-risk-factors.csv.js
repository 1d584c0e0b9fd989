// Framework data loader: prints lsoa-risk-factors.csv, the prepared table "lsoa_risk_factors" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("lsoa_risk_factors", "lsoa-risk-factors.csv");
