// Copies the front-end packages' distribution files into grassroots/static/vendor,
// where Django's staticfiles and WhiteNoise serve them. Run by `make install`.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const nm = join(root, "node_modules");
const out = join(root, "grassroots", "static", "vendor");

const files = [
  ["bootstrap/dist/css/bootstrap.min.css", "bootstrap/bootstrap.min.css"],
  ["bootstrap/dist/css/bootstrap.min.css.map", "bootstrap/bootstrap.min.css.map"],
  ["bootstrap/dist/js/bootstrap.bundle.min.js", "bootstrap/bootstrap.bundle.min.js"],
  ["bootstrap/dist/js/bootstrap.bundle.min.js.map", "bootstrap/bootstrap.bundle.min.js.map"],
  ["bootstrap-icons/font/bootstrap-icons.min.css", "bootstrap-icons/bootstrap-icons.min.css"],
  ["bootstrap-icons/font/fonts", "bootstrap-icons/fonts"],
  ["htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"],
  ["echarts/dist/echarts.min.js", "echarts/echarts.min.js"],
];

rmSync(out, { recursive: true, force: true });
for (const [from, to] of files) {
  const target = join(out, to);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(nm, from), target, { recursive: true });
}
console.log(`vendor files copied to ${out}`);
