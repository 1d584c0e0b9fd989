// Framework data loader: prints england-force-months.csv, the prepared table "england_force_months" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("england_force_months", "england-force-months.csv");
