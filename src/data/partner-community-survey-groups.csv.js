// Framework data loader: prints partner-community-survey-groups.csv, the prepared table "community_survey" (components/tables/registry.ts says what builds it).
import {printPrepared} from "../../loaders/prepare/print-file.mjs";

await printPrepared("community_survey", "partner-community-survey-groups.csv");
