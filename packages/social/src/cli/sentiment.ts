// Usage: npm run sentiment -w @tessera/social -- --file ratings.tsv [--neutral 3]
// Reads id<TAB>score<TAB>text lines and prints {"n","pearson","f1ThreeClass",...} as the last stdout line.
import { runSentimentCli } from './sentiment-cli.js';

process.exitCode = runSentimentCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => process.stderr.write(`${line}\n`),
  // npm runs scripts inside the workspace; INIT_CWD is where the user typed the command.
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
