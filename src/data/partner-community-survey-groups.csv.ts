// Framework data loader: prints partner-community-survey-groups.csv, the prepared table "community_survey" (components/tables/registry.ts says what builds it).
import {printTable} from "../../loaders/prepare/print-prepared.ts";

await printTable("community_survey");
