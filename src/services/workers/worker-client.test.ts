/**
 * The generic worker client over an in-process stand-in: replies find their request by id
 * whatever their order, updates reach the request's listener before its end, a time limit ends
 * the wait, and a failed worker rejects what it held and is replaced on the next request.
 */
import { describe, expect, it } from 'vitest';
import { WorkerClient, WorkerTimeout } from './worker-client';
import type { WorkerLike } from './worker-like';

type Request = { kind: 'echo' | 'count-up' | 'never'; id: number; payload: number };
type Reply = { kind: 'ok' | 'step'; id: number; payload: number };

/** A worker that answers `echo` after `payload` ms, counts up in steps, and never answers `never`. */
class FakeWorker implements WorkerLike<Request, Reply> {
  onmessage: WorkerLike<Request, Reply>['onmessage'] = null;
  onerror: WorkerLike<Request, Reply>['onerror'] = null;
  terminated = false;
  received: Request[] = [];

  postMessage(request: Request): void {
    this.received.push(request);
    const reply = (r: Reply) => this.onmessage?.({ data: r } as MessageEvent<Reply>);
    if (request.kind === 'echo')
      setTimeout(
        () => reply({ kind: 'ok', id: request.id, payload: request.payload }),
        request.payload,
      );
    if (request.kind === 'count-up')
      setTimeout(() => {
        for (let i = 1; i <= request.payload; i++)
          reply({ kind: 'step', id: request.id, payload: i });
        reply({ kind: 'ok', id: request.id, payload: -1 });
      });
  }

  terminate(): void {
    this.terminated = true;
  }

  fail(message: string): void {
    this.onerror?.({ message, preventDefault: () => undefined } as ErrorEvent);
  }
}

function clientWithWorkers() {
  const started: FakeWorker[] = [];
  const failures: string[] = [];
  const client = new WorkerClient<Request, Reply>({
    start: () => {
      const worker = new FakeWorker();
      started.push(worker);
      return worker;
    },
    isUpdate: (reply) => reply.kind === 'step',
    failed: (message) => new Error(`failed: ${message}`),
    onFailure: () => failures.push('told'),
  });
  return { client, started, failures };
}

describe('WorkerClient', () => {
  it('pairs replies with their requests by id, whatever order they come back in', async () => {
    const { client, started } = clientWithWorkers();
    const slow = client.send({ kind: 'echo', payload: 30 });
    const fast = client.send({ kind: 'echo', payload: 1 });
    expect((await fast).payload).toBe(1);
    expect((await slow).payload).toBe(30);
    expect(started).toHaveLength(1);
    expect(new Set(started[0]?.received.map((r) => r.id)).size).toBe(2);
  });

  it('passes updates to the listener and resolves with the reply that ends the request', async () => {
    const { client } = clientWithWorkers();
    const steps: number[] = [];
    const end = await client.send(
      { kind: 'count-up', payload: 3 },
      { onUpdate: (reply) => steps.push(reply.payload) },
    );
    expect(steps).toEqual([1, 2, 3]);
    expect(end).toEqual(expect.objectContaining({ kind: 'ok', payload: -1 }));
  });

  it('rejects with a WorkerTimeout when the reply does not come in time, and ignores it later', async () => {
    const { client } = clientWithWorkers();
    const late = client.send({ kind: 'echo', payload: 50 }, { timeoutMs: 5 });
    await expect(late).rejects.toBeInstanceOf(WorkerTimeout);
    await expect(client.send({ kind: 'echo', payload: 60 })).resolves.toMatchObject({
      payload: 60,
    });
  });

  it('rejects what a failed worker held, says so once, and starts a new worker for the next request', async () => {
    const { client, started, failures } = clientWithWorkers();
    const held = client.send({ kind: 'never', payload: 0 });
    started[0]?.fail('out of memory');
    await expect(held).rejects.toThrow('failed: out of memory');
    expect(started[0]?.terminated).toBe(true);
    expect(failures).toEqual(['told']);
    expect(client.running).toBe(false);
    await expect(client.send({ kind: 'echo', payload: 1 })).resolves.toMatchObject({ payload: 1 });
    expect(started).toHaveLength(2);
  });

  it('terminate rejects every waiting request with the error given', async () => {
    const { client } = clientWithWorkers();
    const a = client.send({ kind: 'never', payload: 0 });
    const b = client.send({ kind: 'never', payload: 0 });
    client.terminate(new Error('stopped'));
    await expect(a).rejects.toThrow('stopped');
    await expect(b).rejects.toThrow('stopped');
  });
});
