// Bundle entry for the `redlab` CLI (out/main/cli.js).
import { main } from './main';

main();
