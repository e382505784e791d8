// The one gate a drill's messages pass: whatever the destination (Slack, PagerDuty, PagerDuty
// REST, the status page), the composed message is written to the incident's outbox file,
// marked as a drill, and nothing is sent. The outbox uses it for every delivery of an incident
// opened with --dry-run, so no sender can be reached from a drill by mistake.
import { drillPayload, drillSummary } from '../core/comms/drill.ts';
import type { Dispatch } from './delivery-dispatch.ts';
import { OutboxFile } from './outbox-file.ts';

export function createDrillDispatch(incidentDir: string, now: () => Date = () => new Date()): Dispatch {
  const file = new OutboxFile(incidentDir);
  return (record) =>
    file.write(record, now(), {
      destination: record.destination === 'file' ? 'slack' : record.destination,
      summary: drillSummary(record),
      payload: drillPayload(record),
    });
}
