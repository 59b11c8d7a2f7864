// Copies GOV.UK Frontend's script and images next to the compiled stylesheet,
// so everything is served by Assure itself (council networks block CDNs).
const fs = require("fs");
const path = require("path");

const from = path.join(__dirname, "..", "node_modules", "govuk-frontend", "dist", "govuk");
const to = path.join(__dirname, "..", "src", "assure", "core", "static", "assure");
fs.mkdirSync(path.join(to, "images"), { recursive: true });
fs.copyFileSync(path.join(from, "govuk-frontend.min.js"), path.join(to, "govuk-frontend.min.js"));
for (const image of ["favicon.ico", "favicon.svg"]) {
  fs.copyFileSync(path.join(from, "assets", "images", image), path.join(to, "images", image));
}

// A council is not the Crown: drop the only reference to the royal crest
// (GOV.UK's footer copyright logo), which Assure never shows.
const css = path.join(to, "assure.css");
const crest = 'url("/static/assure/images/govuk-crest.svg")';
fs.writeFileSync(css, fs.readFileSync(css, "utf8").split(crest).join("none"));
