import { runColdStartBench } from "./bench/cold-start-bench.ts";
const rows = await runColdStartBench({ samples: Number(process.env.N ?? 15) });
for (const r of rows) console.log(JSON.stringify(r));
