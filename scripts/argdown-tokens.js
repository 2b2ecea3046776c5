// Prints the tokens Argdown's own lexer makes of a file, one a line (`Kind start "image"`),
// with cruxmap's token names, for scripts/lexer-diff.sh. Usage: node argdown-tokens.js CORE_DIR FILE...
const lexer = require(process.argv[2] + '/dist/lexer.js');
const fs = require('fs');
const names = {
  IncomingSupport: 'OutgoingSupport', IncomingAttack: 'OutgoingAttack',
  OutgoingSupport: 'IncomingSupport', OutgoingAttack: 'IncomingAttack',
  IncomingUndercut: 'OutgoingUndercut', OutgoingUndercut: 'IncomingUndercut',
  AsteriskBoldStart: 'BoldStart', AsteriskBoldEnd: 'BoldEnd',
  UnderscoreBoldStart: 'UBoldStart', UnderscoreBoldEnd: 'UBoldEnd',
  AsteriskItalicStart: 'ItalicStart', AsteriskItalicEnd: 'ItalicEnd',
  UnderscoreItalicStart: 'UItalicStart', UnderscoreItalicEnd: 'UItalicEnd',
};
for (const file of process.argv.slice(3)) {
  let text = fs.readFileSync(file, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let out = [];
  try {
    for (const t of lexer.tokenize(text).tokens) {
      const name = names[t.tokenType.name] || t.tokenType.name;
      const start = (name === 'Indent' || name === 'Dedent') ? '-' : t.startOffset;
      out.push(`${name} ${start} ${JSON.stringify(t.image)}`);
    }
  } catch (e) {
    out.push('LEXING-ERROR');
  }
  fs.writeFileSync(file + '.tokens', out.join('\n') + '\n');
}
