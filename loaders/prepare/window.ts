/** The analysis window and the year-on-year comparison: one definition for the build and the browser (live chapters). */
export {analysisWindow, yearOnYear, type AnalysisWindow, type YearOnYear} from "../../components/sql/window.js";
