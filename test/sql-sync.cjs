// Runs SQL statements on a PostgreSQL database for a test that must wait for them (the tests'
// helpers are synchronous): reads {url, statements: [[text, params]...]} as JSON on stdin and
// prints the rows of the last statement as JSON. Used by test/helpers.ts only.
const pg = require('pg');
pg.types.setTypeParser(20, (v) => Number(v));
let input = '';
process.stdin.setEncoding('utf8').on('data', (d) => (input += d)).on('end', async () => {
  const { url, statements } = JSON.parse(input);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let rows = [];
  try {
    for (const [text, params] of statements) rows = (await client.query(text, params)).rows;
    process.stdout.write(JSON.stringify(rows));
  } catch (e) {
    process.stderr.write(String(e.message));
    process.exitCode = 1;
  } finally {
    await client.end();
  }
});
