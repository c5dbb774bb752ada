// Parse TeX formulas with MathJax's own TeX input, as Jupyter renders them (issue 18).
// stdin: a JSON list of {"tex": "...", "display": true|false}; stdout: a JSON list, for each formula
// null if it parses, else MathJax's error message ("Misplaced &", "Undefined control sequence ...").
// noerrors and noundefined are left out, so that errors are errors, not red text; bussproofs needs an
// output jax, which a parse check does not have.
const {mathjax} = require('mathjax-full/js/mathjax.js');
const {TeX} = require('mathjax-full/js/input/tex.js');
const {RegisterHTMLHandler} = require('mathjax-full/js/handlers/html.js');
const {liteAdaptor} = require('mathjax-full/js/adaptors/liteAdaptor.js');
const {AllPackages} = require('mathjax-full/js/input/tex/AllPackages.js');
const {STATE} = require('mathjax-full/js/core/MathItem.js');

RegisterHTMLHandler(liteAdaptor());
const packages = AllPackages.filter((name) => !['noerrors', 'noundefined', 'bussproofs'].includes(name));
const tex = new TeX({packages, formatError: (jax, err) => { throw err; }});
const html = mathjax.document('', {InputJax: tex});

let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const results = JSON.parse(input).map(({tex: formula, display}) => {
    try {
      html.convert(formula, {display: Boolean(display), end: STATE.CONVERT});
      return null;
    } catch (err) {
      return String(err.message || err);
    }
  });
  process.stdout.write(JSON.stringify(results));
});
