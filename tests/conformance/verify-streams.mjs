// Replays AG-UI event streams through @ag-ui/client's own sequence verifier (verifyEvents, the
// operator HttpAgent applies to every run). Reads one JSON array of events per line on stdin and
// writes one JSON line per stream: {"accepted": <events let through>, "error": <message or null>}.
import { createInterface } from 'node:readline';
import { verifyEvents } from 'ag-ui-client-1.0.0';
import { from, lastValueFrom, tap, toArray } from 'rxjs';

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === '') continue;
  let accepted = 0;
  let error = null;
  try {
    await lastValueFrom(from(JSON.parse(line)).pipe(verifyEvents(false), tap(() => accepted++), toArray()), { defaultValue: [] });
  } catch (e) {
    error = String(e?.message ?? e);
  }
  process.stdout.write(JSON.stringify({ accepted, error }) + '\n');
}
