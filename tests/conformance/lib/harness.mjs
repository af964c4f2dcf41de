// A small runner: each scenario runs once per official client; failures are listed, and the last
// line is "conformance: N passed, N failed" for scripts/test.sh to add up.
import assert from 'node:assert/strict';

export function expectValidStream(run, { ends = 'RUN_FINISHED' } = {}) {
  assert.deepEqual(run.invalid, [], `events rejected by the client's schemas: ${JSON.stringify(run.invalid, null, 1)}`);
  assert.ok(run.events.length > 0, 'the client received no event');
  assert.equal(run.events[0].type, 'RUN_STARTED', 'the first event is RUN_STARTED');
  assert.equal(run.events.at(-1).type, ends, `the last event is ${ends}`);
}

export async function runScenarios(scenarios, clients) {
  let passed = 0;
  const failures = [];
  for (const scenario of scenarios) {
    for (const client of clients) {
      const name = `${scenario.name} [${client.name}]`;
      try {
        await scenario.run(client);
        passed += 1;
        console.log(`  ok    ${name}`);
      } catch (error) {
        failures.push({ name, error });
        console.log(`  FAIL  ${name}\n        ${String(error?.stack ?? error).split('\n').join('\n        ')}`);
      }
    }
  }

  return { passed, failed: failures.length };
}
