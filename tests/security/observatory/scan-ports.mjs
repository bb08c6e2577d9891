// The Observatory's scan() on other ports than 80 and 443.
//
// Usage: node scan-ports.mjs HOSTNAME HTTP_PORT HTTPS_PORT
//
// The scanner's CLI always scans ports 80 and 443: its scan() drops the options its
// retriever understands. When those ports cannot be bound, this runs the same
// retrieval, the same tests and the same grading (as scanner/index.js of the pinned
// version does), with the ports given, and prints the CLI's JSON.
import { retrieve } from "@mdn/mdn-http-observatory/src/retriever/retriever.js";
import {
  ALGORITHM_VERSION,
  ALL_TESTS,
  NUM_TESTS,
} from "@mdn/mdn-http-observatory/src/constants.js";
import { MINIMUM_SCORE_FOR_EXTRA_CREDIT } from "@mdn/mdn-http-observatory/src/grader/charts.js";
import {
  getGradeForScore,
  getScoreModifier,
} from "@mdn/mdn-http-observatory/src/grader/grader.js";

const [hostname, httpPort, httpsPort] = process.argv.slice(2);
const requests = await retrieve(hostname, { httpPort, httpsPort });
if (!requests.responses.auto) {
  console.log(JSON.stringify({ error: "The site seems to be down." }));
  process.exit(1);
}
const results = ALL_TESTS.map((test) => test(requests));
let passed = 0;
let withExtraCredit = 100;
let uncurved = 100;
for (const result of results) {
  if (result.result) {
    result.scoreModifier = getScoreModifier(result.result);
    passed += result.pass ? 1 : 0;
    withExtraCredit += result.scoreModifier;
    if (result.scoreModifier < 0) {
      uncurved += result.scoreModifier;
    }
  }
}
const final = getGradeForScore(
  uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withExtraCredit : uncurved
);
const auto = requests.responses.auto;
console.log(
  JSON.stringify(
    {
      scan: {
        algorithmVersion: ALGORITHM_VERSION,
        grade: final.grade,
        error: null,
        score: final.score,
        statusCode: auto.status,
        testsFailed: NUM_TESTS - passed,
        testsPassed: passed,
        testsQuantity: NUM_TESTS,
        responseHeaders: { ...auto.headers },
      },
      tests: Object.fromEntries(
        results.map((result) => [result.constructor.name, result])
      ),
    },
    null,
    2
  )
);
