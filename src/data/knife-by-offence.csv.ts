// Framework data loader: prints knife-by-offence.csv, the prepared table "knife_by_offence" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("knife_by_offence");
