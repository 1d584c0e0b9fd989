/**
 * A small token bucket: `ratePerSecond` tokens accrue continuously up to `burst`; every request takes one.
 * Callers queue in order, so concurrent callers cannot overtake each other or share a token.
 */
import {setTimeout as sleep} from "node:timers/promises";

export interface TokenBucketOptions {
  ratePerSecond: number;
  burst: number;
}

export class TokenBucket {
  readonly ratePerSecond: number;
  readonly burst: number;
  private tokens: number;
  private last = performance.now();
  private queue: Promise<void> = Promise.resolve();

  constructor({ratePerSecond, burst}: TokenBucketOptions) {
    if (!(ratePerSecond > 0)) throw new RangeError(`ratePerSecond must be positive, got ${ratePerSecond}`);
    if (!(burst >= 1)) throw new RangeError(`burst must be at least 1, got ${burst}`);
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.tokens = burst;
  }

  /** Resolves when the caller may send one request. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken());
    this.queue = turn;
    return turn;
  }

  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.ratePerSecond) / 1000);
    this.last = now;
  }

  private async waitForToken(): Promise<void> {
    this.refill();
    while (this.tokens < 1) {
      // Timers can fire a millisecond early: round up and re-check against the clock.
      await sleep(Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond) + 1);
      this.refill();
    }
    this.tokens -= 1;
  }
}
