import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

/**
 * examples/deploy/engangskod.service as systemd reads it: no unknown directive or bad value
 * (`systemd-analyze verify`), and hardened (`systemd-analyze security`, which scores what the
 * service may still reach: 0 is locked down, 10 is everything).
 */
const skip = existsSync('/usr/bin/systemd-analyze') || process.env.CI ? false : 'systemd-analyze is missing';

describe('the systemd unit example', { skip }, () => {
  const unit = readFileSync(new URL('./engangskod.service', import.meta.url), 'utf8');

  /** The unit as installed here: verify checks that ExecStart's program exists. */
  function installed(): { path: string; done: () => void } {
    const dir = mkdtempSync(join(tmpdir(), 'engangskod-unit-'));
    const path = join(dir, 'engangskod.service');
    writeFileSync(path, unit.replace(/^ExecStart=\S+/m, `ExecStart=${process.execPath}`));
    return { path, done: () => rmSync(dir, { recursive: true, force: true }) };
  }

  it('verifies without a warning', () => {
    const { path, done } = installed();
    try {
      const output = execFileSync('systemd-analyze', ['verify', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      assert.equal(output.trim(), '');
    } finally {
      done();
    }
  });

  it('runs node itself, gets SIGTERM with time to finish, and sets the memory settings', () => {
    assert.match(unit, /^ExecStart=\/opt\/engangskod\/bin\/engangskod serve$/m);
    assert.match(unit, /^KillSignal=SIGTERM$/m);
    // Longer than the service's own 30-second shutdown deadline, so it ends itself first.
    assert.ok(Number(/^TimeoutStopSec=(\d+)$/m.exec(unit)?.[1]) > 30);
    for (const setting of ['MALLOC_ARENA_MAX=2', 'MALLOC_MMAP_THRESHOLD_=131072', 'MALLOC_TRIM_THRESHOLD_=2097152', 'NODE_OPTIONS=--max-semi-space-size=8']) assert.match(unit, new RegExp(`^Environment=${setting}$`, 'm'));
  });

  it('is hardened: an exposure of at most 2 of 10 by systemd-analyze security', () => {
    const { path, done } = installed();
    try {
      const output = execFileSync('systemd-analyze', ['security', '--offline=true', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const exposure = Number(/Overall exposure level for engangskod\.service: ([\d.]+)/.exec(output)?.[1]);
      assert.ok(exposure <= 2, `exposure ${exposure}:\n${output}`);
    } finally {
      done();
    }
  });
});
