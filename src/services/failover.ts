import { answerFailover, type FailoverAnswer, type FailoverQuery, type FailoverSnapshot } from "../failover/answer";
import type { FailoverState } from "../failover/state";

/**
 * The failover answer from the in-memory state. A circuit breaker may ask on every failure, so
 * each distinct question is answered once per snapshot and the answer reused until the next one.
 */
export class FailoverService {
  private memo = new WeakMap<FailoverSnapshot, Map<string, FailoverAnswer>>();

  constructor(private readonly state: FailoverState) {}

  async answer(q: FailoverQuery): Promise<FailoverAnswer> {
    const snap = await this.state.current();
    let answers = this.memo.get(snap);
    if (!answers) this.memo.set(snap, (answers = new Map()));
    const key = `${q.for ?? ""}\u0000${q.capability ?? ""}\u0000${q.limit}`;
    let a = answers.get(key);
    if (!a) {
      a = answerFailover(snap, q);
      // Bounded: question keys are validated ids, but a client could still ask for many unknown ones.
      if (answers.size < 10_000) answers.set(key, a);
    }
    return a;
  }
}
