import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';

const root = new URL('../..', import.meta.url).pathname;

/** A process whose close never finishes; resolves once its signal handlers are in place. */
async function stuck(deadlineMs: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/stuck-shutdown.ts', String(deadlineMs)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  await once(child.stdout, 'data');
  return { child, exited };
}

describe('shutting down on signals', () => {
  it('ends a stuck shutdown at a second SIGTERM, with status 1', async () => {
    const { child, exited } = await stuck(60_000);
    const closing = once(child.stdout, 'data');
    child.kill('SIGTERM');
    await closing;
    child.kill('SIGTERM');
    assert.equal(await exited, 1);
  });

  it('ends a stuck shutdown at its deadline, with status 1', async () => {
    const { child, exited } = await stuck(300);
    const started = Date.now();
    child.kill('SIGTERM');
    assert.equal(await exited, 1);
    assert.ok(Date.now() - started < 10_000);
  });
});
