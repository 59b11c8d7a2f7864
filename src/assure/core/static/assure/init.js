// Starts GOV.UK Frontend's components. A file, not inline script, so the
// Content-Security-Policy can forbid inline script entirely.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
