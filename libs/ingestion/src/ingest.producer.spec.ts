import type { Queue } from 'bullmq';
import type { IngestBatchJob } from '@app/contracts';
import { IngestProducer, MAYBE_QUEUED_MESSAGE, NOT_QUEUED_MESSAGE, QueueUnavailableError } from './ingest.producer';

/** A queue whose adds are sent but never confirmed (Redis stalled after taking the command). */
function stalledQueue() {
  const adds: unknown[] = [];
  const queue = {
    on: () => queue,
    add: (_name: string, job: unknown) => {
      adds.push(job);
      return new Promise(() => undefined);
    },
  };
  return { queue: queue as unknown as Queue<IngestBatchJob>, adds };
}

const point = (ts: number) => ({ indicator: 'fin.a', scope: '718', ts, value: 1 });

describe('IngestProducer when Redis does not confirm', () => {
  it('tells a request whose batch was sent that it MAY have been queued, and one never sent that nothing was', async () => {
    const { queue, adds } = stalledQueue();
    const producer = new IngestProducer(queue);
    producer.enqueueTimeoutMs = 20;
    const sent = producer.enqueue([point(1)]).catch((e: unknown) => e);
    const unsent = producer.enqueue([point(2)]).catch((e: unknown) => e); // waits for the add in flight
    const [a, b] = await Promise.all([sent, unsent]);
    expect(adds).toHaveLength(1);
    expect(a).toBeInstanceOf(QueueUnavailableError);
    expect((a as Error).message).toBe(MAYBE_QUEUED_MESSAGE);
    expect((a as Error).message).toMatch(/MAY have been queued; sending the same batch again is safe/);
    expect((b as Error).message).toBe(NOT_QUEUED_MESSAGE);
    expect((b as Error).message).toMatch(/nothing was queued/);
  });
});
